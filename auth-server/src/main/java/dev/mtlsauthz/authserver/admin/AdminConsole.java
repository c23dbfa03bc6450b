package dev.mtlsauthz.authserver.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.admin.UserAdministration.ProfileClaims;
import dev.mtlsauthz.authserver.audit.AuditEvents;
import dev.mtlsauthz.authserver.audit.JdbcAuditEventRepository;
import dev.mtlsauthz.authserver.clients.ClientRegistrationRequestConverter;

/**
 * The admin console's pages ({@code /admin}): clients, users and their grants, signing
 * keys, recent events. Each form posts to an action that does its work through the same
 * services as the admin API, then sends the browser back to a page with a message: the
 * outcome, or why it was refused (the same description the API gives). A new client's or
 * rotated secret is shown once, on the page that follows.
 */
@Controller
@RequestMapping("/admin")
class AdminConsole {

	private static final String MESSAGE = "message";

	private static final String ERROR = "error";

	private final ClientAdministration clients;

	private final UserAdministration users;

	private final GrantAdministration grants;

	private final KeyAdministration keys;

	private final JdbcAuditEventRepository events;

	AdminConsole(ClientAdministration clients, UserAdministration users, GrantAdministration grants,
			KeyAdministration keys, JdbcAuditEventRepository events) {
		this.clients = clients;
		this.users = users;
		this.grants = grants;
		this.keys = keys;
		this.events = events;
	}

	@GetMapping
	String home() {
		return "redirect:/admin/clients";
	}

	@GetMapping("/clients")
	String clients(@RequestParam(required = false) String search, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("search", search);
		model.addAttribute("clients", clients.list(search, page, 20));
		return "admin/clients";
	}

	@GetMapping("/clients/new")
	String newClient(Model model) {
		model.addAttribute("form", new ClientForm());
		return "admin/client-new";
	}

	@PostMapping("/clients")
	String create(@ModelAttribute("form") ClientForm form, Model model, RedirectAttributes redirect) {
		try {
			Map<String, Object> created = clients
				.create(ClientRegistrationRequestConverter.read(form.toMetadata(null)));
			redirect.addFlashAttribute(MESSAGE, "Client registered.");
			redirect.addFlashAttribute("secret", created.get("client_secret"));
			return "redirect:" + clientPage((String) created.get("client_id"));
		}
		catch (AdminRequestException | OAuth2AuthenticationException ex) {
			model.addAttribute(ERROR, description(ex));
			return "admin/client-new";
		}
	}

	@GetMapping("/clients/{clientId}")
	String client(@PathVariable String clientId, Model model) {
		Map<String, Object> client = clients.read(clientId);
		model.addAttribute("client", client);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", ClientForm.of(client));
		}
		return "admin/client";
	}

	@PostMapping("/clients/{clientId}")
	String update(@PathVariable String clientId, @ModelAttribute("form") ClientForm form, Model model,
			RedirectAttributes redirect) {
		try {
			Object jwks = clients.read(clientId).get("jwks");
			clients.update(clientId, ClientRegistrationRequestConverter.read(form.toMetadata(jwks)));
			redirect.addFlashAttribute(MESSAGE, "Client saved.");
			return "redirect:" + clientPage(clientId);
		}
		catch (AdminRequestException | OAuth2AuthenticationException ex) {
			model.addAttribute(ERROR, description(ex));
			return client(clientId, model);
		}
	}

	@PostMapping("/clients/{clientId}/enabled")
	String setClientEnabled(@PathVariable String clientId, @RequestParam boolean enabled, RedirectAttributes redirect) {
		return act(redirect, clientPage(clientId), enabled ? "Client enabled." : "Client disabled.",
				() -> clients.setEnabled(clientId, enabled));
	}

	@PostMapping("/clients/{clientId}/secret")
	String rotateSecret(@PathVariable String clientId, RedirectAttributes redirect) {
		return act(redirect, clientPage(clientId), "New secret issued; the old one no longer works.",
				() -> redirect.addFlashAttribute("secret", clients.rotateSecret(clientId).get("client_secret")));
	}

	@PostMapping("/clients/{clientId}/delete")
	String deleteClient(@PathVariable String clientId, RedirectAttributes redirect) {
		return act(redirect, "/admin/clients", "Client " + clientId + " deleted.", () -> clients.delete(clientId));
	}

	@GetMapping("/users")
	String users(@RequestParam(required = false) String search, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("search", search);
		model.addAttribute("users", users.list(search, page, 20));
		return "admin/users";
	}

	@PostMapping("/users")
	String createUser(@RequestParam String username, @RequestParam String password,
			@RequestParam(required = false) String name, @RequestParam(required = false) String email,
			RedirectAttributes redirect) {
		return act(redirect, userPage(username), "User created.",
				() -> users.create(username, password, new ProfileClaims(name, null, null, email, false, null), false));
	}

	@GetMapping("/users/{username}")
	String user(@PathVariable String username, Model model) {
		model.addAttribute("user", users.read(username));
		model.addAttribute("grants", grants.grants(username));
		return "admin/user";
	}

	@PostMapping("/users/{username}/profile")
	String updateProfile(@PathVariable String username, @RequestParam(required = false) String name,
			@RequestParam(name = "given_name", required = false) String givenName,
			@RequestParam(name = "family_name", required = false) String familyName,
			@RequestParam(required = false) String email,
			@RequestParam(name = "email_verified", defaultValue = "false") boolean emailVerified,
			@RequestParam(required = false) String locale, RedirectAttributes redirect) {
		return act(redirect, userPage(username), "Profile saved.", () -> users.updateProfile(username,
				new ProfileClaims(name, givenName, familyName, email, emailVerified, locale)));
	}

	@PostMapping("/users/{username}/password")
	String setPassword(@PathVariable String username, @RequestParam String password, RedirectAttributes redirect) {
		return act(redirect, userPage(username), "Password set.", () -> users.setPassword(username, password));
	}

	@PostMapping("/users/{username}/enabled")
	String setUserEnabled(@PathVariable String username, @RequestParam boolean enabled, RedirectAttributes redirect) {
		return act(redirect, userPage(username), enabled ? "User enabled." : "User disabled and signed out everywhere.",
				() -> users.setEnabled(username, enabled));
	}

	@PostMapping("/users/{username}/delete")
	String deleteUser(@PathVariable String username, RedirectAttributes redirect) {
		return act(redirect, "/admin/users", "User " + username + " deleted.", () -> users.delete(username));
	}

	@PostMapping("/users/{username}/grants/{clientId}/revoke")
	String revoke(@PathVariable String username, @PathVariable String clientId, RedirectAttributes redirect) {
		return act(redirect, userPage(username), "Access of " + clientId + " revoked.",
				() -> grants.revoke(username, clientId));
	}

	@GetMapping("/keys")
	String keys(Model model) {
		model.addAttribute("keys", keys.list());
		return "admin/keys";
	}

	@PostMapping("/keys/rotate")
	String rotate(RedirectAttributes redirect) {
		return act(redirect, "/admin/keys", "A next key is published; it signs after the publish-ahead time.",
				keys::rotate);
	}

	@PostMapping("/keys/{kid}/retire")
	String retire(@PathVariable String kid, RedirectAttributes redirect) {
		return act(redirect, "/admin/keys", "Key " + kid + " is retired: it no longer signs.", () -> keys.retire(kid));
	}

	@GetMapping("/events")
	String events(@RequestParam(required = false) String type,
			@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(required = false) String user, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("type", type);
		model.addAttribute("clientId", clientId);
		model.addAttribute("user", user);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("types",
				new String[] { AuditEvents.TOKEN_ISSUED, AuditEvents.CLIENT_AUTHENTICATION_FAILED,
						AuditEvents.BINDING_REFUSED, AuditEvents.CONSENT_GRANTED, AuditEvents.CONSENT_WITHDRAWN,
						AuditEvents.SIGN_IN_SUCCESS, AuditEvents.SIGN_IN_FAILURE, AuditEvents.ADMIN_CHANGE });
		try {
			model.addAttribute("events", events
				.query(new JdbcAuditEventRepository.Query(instant(from), instant(to), clientId, user, type, page, 50)));
		}
		catch (DateTimeParseException ex) {
			model.addAttribute(ERROR, "From and to are times such as 2026-01-31T12:00:00Z.");
		}
		return "admin/events";
	}

	/** A page of a client or user that does not exist (any longer). */
	@ExceptionHandler(AdminRequestException.class)
	ModelAndView missing(AdminRequestException ex) {
		ModelAndView page = new ModelAndView("admin/missing", Map.of(ERROR, ex.getMessage()));
		page.setStatus(ex.status());
		return page;
	}

	private String act(RedirectAttributes redirect, String next, String done, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute(MESSAGE, done);
		}
		catch (AdminRequestException | OAuth2AuthenticationException ex) {
			redirect.addFlashAttribute(ERROR, description(ex));
		}
		return "redirect:" + next;
	}

	private static String description(RuntimeException ex) {
		if (ex instanceof OAuth2AuthenticationException oauth) {
			return oauth.getError().getDescription() != null ? oauth.getError().getDescription()
					: oauth.getError().getErrorCode();
		}
		return ex.getMessage();
	}

	private static Instant instant(String value) {
		return value == null || value.isBlank() ? null : Instant.parse(value.trim());
	}

	private static String clientPage(String clientId) {
		return UriComponentsBuilder.fromPath("/admin/clients/{id}").buildAndExpand(clientId).encode().toUriString();
	}

	private static String userPage(String username) {
		return UriComponentsBuilder.fromPath("/admin/users/{name}").buildAndExpand(username).encode().toUriString();
	}

}
