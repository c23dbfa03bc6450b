package dev.mtlsauthz.authserver.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Keeps the order in which a client listed its scopes, so that the consent page shows
 * them in that order. Spring Authorization Server parses {@code scope} into hash sets
 * from the first converter on, and the consent page it redirects to gets them in hash
 * order. The converters below add the {@code scope} parameter, as sent, to the request's
 * additional parameters under {@link #NAME}; the authorization request (with them) is
 * stored with the authorization, and the device flow stores it as an attribute.
 */
public final class RequestedScopeOrder {

	/**
	 * The additional parameter of an authorization request, and the attribute of a device
	 * authorization, that holds the {@code scope} parameter as the client sent it.
	 */
	public static final String NAME = "dev.mtlsauthz.requested_scope";

	private RequestedScopeOrder() {
	}

	/** Around the converters of the authorization and the PAR endpoints. */
	static AuthenticationConverter ofAuthorizationRequests(AuthenticationConverter converter) {
		return request -> {
			Authentication converted = converter.convert(request);
			String scope = scope(request);
			if (scope == null) {
				return converted;
			}
			if (converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken code) {
				return new OAuth2AuthorizationCodeRequestAuthenticationToken(code.getAuthorizationUri(),
						code.getClientId(), (Authentication) code.getPrincipal(), code.getRedirectUri(),
						code.getState(), code.getScopes(), with(code.getAdditionalParameters(), scope));
			}
			if (converted instanceof OAuth2PushedAuthorizationRequestAuthenticationToken pushed) {
				return new OAuth2PushedAuthorizationRequestAuthenticationToken(pushed.getAuthorizationUri(),
						pushed.getClientId(), (Authentication) pushed.getPrincipal(), pushed.getRedirectUri(),
						pushed.getState(), pushed.getScopes(), with(pushed.getAdditionalParameters(), scope));
			}
			return converted;
		};
	}

	/** Around the converter of the device authorization endpoint. */
	public static AuthenticationConverter ofDeviceAuthorizationRequests(AuthenticationConverter converter) {
		return request -> {
			Authentication converted = converter.convert(request);
			String scope = scope(request);
			if (converted instanceof OAuth2DeviceAuthorizationRequestAuthenticationToken device && scope != null) {
				return new OAuth2DeviceAuthorizationRequestAuthenticationToken((Authentication) device.getPrincipal(),
						device.getAuthorizationUri(), device.getScopes(),
						with(device.getAdditionalParameters(), scope));
			}
			return converted;
		};
	}

	/** {@code scopes} in the order of {@code requested}; those it does not name last. */
	static List<String> sort(Collection<String> scopes, String requested) {
		List<String> order = requested != null ? Arrays.asList(requested.trim().split("\\s+")) : List.of();
		return scopes.stream()
			.sorted(Comparator
				.comparingInt((String scope) -> order.contains(scope) ? order.indexOf(scope) : Integer.MAX_VALUE)
				.thenComparing(Comparator.naturalOrder()))
			.toList();
	}

	private static String scope(HttpServletRequest request) {
		String scope = request.getParameter(OAuth2ParameterNames.SCOPE);
		return scope != null && !scope.isBlank() ? scope : null;
	}

	private static Map<String, Object> with(Map<String, Object> parameters, String scope) {
		Map<String, Object> extended = new HashMap<>(parameters);
		extended.put(NAME, scope);
		return extended;
	}

}
