package dev.mtlsauthz.authserver.web;

import java.security.Principal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.mtlsauthz.authserver.users.UserProfiles;

/**
 * The consent page of the authorization endpoint and of device verification (RFC 8628
 * section 3.3), where Spring Authorization Server sends the user with {@code client_id},
 * {@code scope}, {@code state} and, for a device, {@code user_code}. The form posts the
 * approved scopes back to the endpoint that asked; approving none ("Deny") ends in
 * {@code access_denied}. {@code openid} needs no consent and is not shown. The scopes are
 * listed in the order the client asked for them ({@link RequestedScopeOrder}).
 */
@Controller
class ConsentController {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final AuthorizationServerSettings settings;

	private final UserProfiles profiles;

	private final OAuth2AuthorizationService authorizations;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			AuthorizationServerSettings settings, UserProfiles profiles, OAuth2AuthorizationService authorizations) {
		this.clients = clients;
		this.consents = consents;
		this.settings = settings;
		this.profiles = profiles;
		this.authorizations = authorizations;
	}

	@GetMapping(PagesCustomizer.CONSENT_PAGE)
	String consent(Principal user, @RequestParam("client_id") String clientId, @RequestParam String scope,
			@RequestParam String state, @RequestParam(name = "user_code", required = false) String userCode,
			Model model, HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null) {
			OAuth2ErrorAttributes.record(request,
					new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Unknown or disabled client: " + clientId, null));
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return null;
		}
		OAuth2AuthorizationConsent previous = consents.findById(client.getId(), user.getName());
		Set<String> granted = previous != null ? previous.getScopes() : Set.of();
		model.addAttribute("user", profiles.find(user.getName()));
		model.addAttribute("client", client);
		model.addAttribute("state", state);
		model.addAttribute("userCode", userCode);
		model.addAttribute("action",
				userCode != null ? settings.getDeviceVerificationEndpoint() : settings.getAuthorizationEndpoint());
		Set<String> scopes = new HashSet<>(Arrays.asList(scope.trim().split("\\s+")));
		model.addAttribute("requested",
				RequestedScopeOrder.sort(scopes, requestedOrder(state))
					.stream()
					.filter(s -> !s.isBlank() && !OidcScopes.OPENID.equals(s) && !granted.contains(s))
					.map(s -> new Scope(s, ScopeDescriptions.describe(s)))
					.toList());
		// The device flow's consent does not add openid by itself, as the authorization
		// endpoint's does: it is sent along, since it needs no consent.
		model.addAttribute("openid", userCode != null && scopes.contains(OidcScopes.OPENID));
		model.addAttribute("granted",
				granted.stream()
					.filter(s -> !OidcScopes.OPENID.equals(s))
					.sorted()
					.map(s -> new Scope(s, ScopeDescriptions.describe(s)))
					.toList());
		return "consent";
	}

	/**
	 * The {@code scope} parameter as the client sent it ({@link RequestedScopeOrder}),
	 * from the authorization waiting for this consent.
	 */
	private String requestedOrder(String state) {
		OAuth2Authorization authorization = authorizations.findByToken(state, STATE);
		if (authorization == null) {
			return null;
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Object order = request != null ? request.getAdditionalParameters().get(RequestedScopeOrder.NAME)
				: authorization.getAttribute(RequestedScopeOrder.NAME);
		return order instanceof String requested ? requested : null;
	}

	record Scope(String name, String description) {
	}

}
