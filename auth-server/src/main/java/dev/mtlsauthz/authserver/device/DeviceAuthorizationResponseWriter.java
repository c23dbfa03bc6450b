package dev.mtlsauthz.authserver.device;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes the device authorization response (RFC 8628 section 3.2) as Spring Authorization
 * Server's endpoint does, plus the {@code interval} that tells the device how long to
 * wait between two polls. The stock response leaves it out, and a device that reads it
 * (most do) has to assume the RFC's default.
 */
final class DeviceAuthorizationResponseWriter implements AuthenticationSuccessHandler {

	/**
	 * Seconds between two polls of the token endpoint: RFC 8628's default. This server
	 * never answers {@code slow_down}, so the interval stays the same for the whole flow.
	 */
	static final long INTERVAL_SECONDS = 5;

	private final OAuth2DeviceAuthorizationResponseHttpMessageConverter converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

	private final String verificationUri;

	/**
	 * @param verificationUri the activation page, where the person enters the code
	 */
	DeviceAuthorizationResponseWriter(String verificationUri) {
		this.verificationUri = verificationUri;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken issued = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		OAuth2DeviceAuthorizationResponse body = OAuth2DeviceAuthorizationResponse
			.with(issued.getDeviceCode(), issued.getUserCode())
			.verificationUri(verificationUri)
			.verificationUriComplete(UriComponentsBuilder.fromUriString(verificationUri)
				.queryParam(OAuth2ParameterNames.USER_CODE, issued.getUserCode().getTokenValue())
				.toUriString())
			.interval(INTERVAL_SECONDS)
			.build();
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.getHeaders().setCacheControl("no-store");
		converter.write(body, null, httpResponse);
	}

}
