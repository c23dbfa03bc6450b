package dev.mtlsauthz.authserver.account;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mtlsauthz.authserver.web.ScopeDescriptions;

/**
 * The connected applications page: the signed-in user sees which applications hold a
 * consent or live tokens, and disconnects any of them (a form with the CSRF token, as
 * every page's).
 */
@Controller
class ConnectedApplicationsController {

	static final String PAGE = "/account/applications";

	private final ConnectedApplications applications;

	ConnectedApplicationsController(ConnectedApplications applications) {
		this.applications = applications;
	}

	@GetMapping(PAGE)
	String applications(Principal user, Model model) {
		model.addAttribute("applications", applications.of(user.getName()));
		model.addAttribute("describe", new Describer());
		return "applications";
	}

	@PostMapping(PAGE + "/withdraw")
	String withdraw(Principal user, @RequestParam("application") String id, @RequestParam("name") String name,
			RedirectAttributes redirect) {
		if (applications.withdraw(user.getName(), id)) {
			redirect.addFlashAttribute("withdrawn", name);
		}
		return "redirect:" + PAGE;
	}

	/** The scopes' descriptions, for the template. */
	static final class Describer {

		public String scope(String scope) {
			return ScopeDescriptions.describe(scope);
		}

	}

}
