package dev.mtlsauthz.authserver.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.throttling.SignInThrottledException;
import dev.mtlsauthz.authserver.users.UserProfiles;

/**
 * The sign-in page (Spring Security's form login posts {@code username}, {@code password}
 * and {@code _csrf} to {@code POST /login}), the signed-in landing page, and the sign-out
 * confirmation, whose form posts to {@code POST /logout}. Applications sign users out
 * with RP-initiated logout at the {@code end_session_endpoint}.
 */
@Controller
class SignInController {

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final UserProfiles profiles;

	private final String deviceVerificationEndpoint;

	SignInController(UserProfiles profiles, AuthorizationServerSettings settings) {
		this.profiles = profiles;
		this.deviceVerificationEndpoint = settings.getDeviceVerificationEndpoint();
	}

	/**
	 * The sign-in page; after a failed sign-in, why it failed: a wrong user name or
	 * password, or too many failures (Spring Security keeps the failure in the session).
	 */
	@GetMapping("/login")
	String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		HttpSession session = request.getSession(false);
		Object failure = error != null && session != null ? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)
				: null;
		boolean throttled = failure instanceof SignInThrottledException;
		if (throttled) {
			model.addAttribute("retryAfter", waitingTime(((SignInThrottledException) failure).retryAfterSeconds()));
		}
		model.addAttribute("failed", error != null && !throttled);
		model.addAttribute("signedOut", logout != null);
		model.addAttribute("connectingDevice", connectingDevice(requestCache.getRequest(request, response)));
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

	/**
	 * Whether the person was on their way to connect a device (the activation page or
	 * device verification, RFC 8628 section 3.3) when they were asked to sign in, which
	 * the page then says.
	 */
	private boolean connectingDevice(SavedRequest saved) {
		if (saved == null) {
			return false;
		}
		String path = UriComponentsBuilder.fromUriString(saved.getRedirectUrl()).build().getPath();
		return DeviceActivationController.PATH.equals(path) || deviceVerificationEndpoint.equals(path);
	}

	private static String waitingTime(long seconds) {
		if (seconds < 60) {
			return seconds == 1 ? "1 second" : seconds + " seconds";
		}
		long minutes = (seconds + 59) / 60;
		return minutes == 1 ? "1 minute" : minutes + " minutes";
	}

}
