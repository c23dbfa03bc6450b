package dev.mtlsauthz.authserver.clients;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2ClientRegistrationHttpMessageConverter;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client configuration endpoint of RFC 7592 section 2, at each dynamically registered
 * client's {@code registration_client_uri}: the client reads its registration (GET,
 * section 2.1), replaces its metadata (PUT, section 2.2, with the rules of
 * {@link DynamicClientRegistration}) or deletes itself (DELETE, section 2.3).
 *
 * <p>
 * Every request carries the {@code registration_access_token} of that client as a bearer
 * token (RFC 6750). A missing or wrong token, another client's token, an unknown or
 * disabled client, and a client registered by configuration (which has no such token) all
 * get the same {@code 401 invalid_token}, so the answer never tells whether a client
 * exists (RFC 7592 section 2).
 *
 * <p>
 * The endpoint lives at the issuer only: the mTLS connector answers 404 for it, as for
 * every path it does not alias. Its bearer token is not bound to a certificate, so an
 * alias would serve no RFC 8705 purpose.
 */
@RestController
@RequestMapping(ClientConfigurationEndpoint.PATH)
public class ClientConfigurationEndpoint {

	/** The {@code registration_client_uri} of a client, relative to the issuer. */
	public static final String PATH = "/oauth2/register/{client_id}";

	private static final String BEARER = "Bearer ";

	private final EnabledClientsRepository clients;

	private final DynamicClientRegistration registration;

	private final ClientDeletion deletion;

	private final OAuth2ClientRegistrationHttpMessageConverter metadata = new OAuth2ClientRegistrationHttpMessageConverter();

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	public ClientConfigurationEndpoint(EnabledClientsRepository clients, DynamicClientRegistration registration,
			ClientDeletion deletion) {
		this.clients = clients;
		this.registration = registration;
		this.deletion = deletion;
	}

	/** RFC 7592 section 2.1. */
	@GetMapping
	void read(@PathVariable("client_id") String clientId, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		write(registration.clientInformation(authenticated(clientId, request)), response);
	}

	/**
	 * RFC 7592 section 2.2: the body is the client's complete metadata; fields it leaves
	 * out are removed.
	 */
	@PutMapping
	void update(@PathVariable("client_id") String clientId, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		// Read exactly as the registration endpoint reads a registration request.
		RegisteredClient updated = registration.update(authenticated(clientId, request),
				ClientRegistrationRequestConverter.read(request));
		clients.save(updated);
		write(registration.clientInformation(updated), response);
	}

	/** RFC 7592 section 2.3. */
	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable("client_id") String clientId, HttpServletRequest request) {
		RegisteredClient deleted = authenticated(clientId, request);
		deletion.delete(deleted);
		clients.evict(deleted);
	}

	/**
	 * {@code invalid_token} is a 401 with its RFC 6750 section 3 challenge; every other
	 * error is a 400.
	 */
	@ExceptionHandler(OAuth2AuthenticationException.class)
	void error(OAuth2AuthenticationException exception, HttpServletResponse response) throws IOException {
		OAuth2Error error = exception.getError();
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		if (OAuth2ErrorCodes.INVALID_TOKEN.equals(error.getErrorCode())) {
			httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
			httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		}
		else {
			httpResponse.setStatusCode(HttpStatus.BAD_REQUEST);
		}
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(error, null, httpResponse);
	}

	private RegisteredClient authenticated(String clientId, HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| authorization.substring(BEARER.length()).isBlank()) {
			throw invalidToken();
		}
		RegisteredClient client = clients.findByClientId(clientId);
		if (!RegistrationAccessToken.matches(authorization.substring(BEARER.length()).trim(), client)) {
			throw invalidToken();
		}
		return client;
	}

	private void write(OAuth2ClientRegistration information, HttpServletResponse response) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.OK);
		httpResponse.getHeaders().setCacheControl("no-store");
		metadata.write(information, MediaType.APPLICATION_JSON, httpResponse);
	}

	private static OAuth2AuthenticationException invalidToken() {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
						"This request needs the client's registration access token: Authorization: Bearer "
								+ "<registration_access_token>",
						"https://datatracker.ietf.org/doc/html/rfc6750#section-3.1"));
	}

}
