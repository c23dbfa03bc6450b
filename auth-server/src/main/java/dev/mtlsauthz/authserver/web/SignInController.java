package dev.mtlsauthz.authserver.web;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.mtlsauthz.authserver.users.UserProfiles;

/**
 * The sign-in page (Spring Security's form login posts {@code username}, {@code password}
 * and {@code _csrf} to {@code POST /login}), the signed-in landing page, and the sign-out
 * confirmation, whose form posts to {@code POST /logout}. Applications sign users out
 * with RP-initiated logout at the {@code end_session_endpoint}.
 */
@Controller
class SignInController {

	private final UserProfiles profiles;

	SignInController(UserProfiles profiles) {
		this.profiles = profiles;
	}

	@GetMapping("/login")
	String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
			Model model) {
		model.addAttribute("failed", error != null);
		model.addAttribute("signedOut", logout != null);
		return "login";
	}

	@GetMapping("/")
	String home(Principal user, Model model) {
		model.addAttribute("user", profiles.find(user.getName()));
		return "home";
	}

	@GetMapping("/logout")
	String logout() {
		return "logout";
	}

}
