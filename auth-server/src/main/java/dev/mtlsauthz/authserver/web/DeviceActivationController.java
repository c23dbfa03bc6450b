package dev.mtlsauthz.authserver.web;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The device activation page, the {@code verification_uri} of the device authorization
 * response (RFC 8628 section 3.2): the user types the code their device shows, and the
 * form sends it to the device verification endpoint, which asks for consent. With the
 * code already in the address ({@code verification_uri_complete}, section 3.3.1) the page
 * goes straight on. {@code ?success}, {@code ?denied} and {@code ?error} are where the
 * verification endpoint sends the user back.
 */
@Controller
public class DeviceActivationController {

	/** Where the device authorization response sends the user, relative to the issuer. */
	public static final String PATH = "/activate";

	private final AuthorizationServerSettings settings;

	DeviceActivationController(AuthorizationServerSettings settings) {
		this.settings = settings;
	}

	@GetMapping(PATH)
	String activate(@RequestParam(name = "user_code", required = false) String userCode,
			@RequestParam(required = false) String success, @RequestParam(required = false) String denied,
			@RequestParam(required = false) String error, Model model) {
		if (userCode != null && !userCode.isBlank()) {
			return "redirect:" + UriComponentsBuilder.fromPath(settings.getDeviceVerificationEndpoint())
				.queryParam("user_code", userCode)
				.encode()
				.build()
				.toUriString();
		}
		model.addAttribute("action", settings.getDeviceVerificationEndpoint());
		model.addAttribute("connected", success != null);
		model.addAttribute("denied", denied != null);
		model.addAttribute("failed", error != null);
		return "activate";
	}

}
