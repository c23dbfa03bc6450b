package dev.mtlsauthz.authserver.clients;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2ClientRegistrationHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a client registration request (RFC 7591 section 3.1) or an RFC 7592 section 2.2
 * update: at most {@link ClientMetadataLimits#MAX_DOCUMENT_BYTES} bytes, parsed as Spring
 * Authorization Server parses it. A body that is too large is
 * {@code invalid_client_metadata}; one that is not a JSON object of client metadata is
 * {@code invalid_request}; neither repeats the parser's message, which names internal
 * classes. It takes the place of the stock
 * {@code OAuth2ClientRegistrationAuthenticationConverter}, which reads any size and puts
 * the exception's message into the response.
 */
public class ClientRegistrationRequestConverter implements AuthenticationConverter {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7591#section-3.2.2";

	private static final OAuth2ClientRegistrationHttpMessageConverter METADATA = new OAuth2ClientRegistrationHttpMessageConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication principal = SecurityContextHolder.getContext().getAuthentication();
		return new OAuth2ClientRegistrationAuthenticationToken(principal, read(request));
	}

	/**
	 * The client metadata in the request's body.
	 * @throws OAuth2AuthenticationException {@code invalid_client_metadata} for a body
	 * that is too large, {@code invalid_request} for one that is not client metadata
	 */
	public static OAuth2ClientRegistration read(HttpServletRequest request) {
		return read(body(request), new ServletServerHttpRequest(request).getHeaders());
	}

	/**
	 * Client metadata given as a JSON object's members (a form's fields), read as a
	 * request's body is.
	 * @throws OAuth2AuthenticationException as {@link #read(HttpServletRequest)}
	 */
	public static OAuth2ClientRegistration read(Map<String, Object> metadata) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return read(JsonMapper.builder().build().writeValueAsBytes(metadata), headers);
	}

	private static OAuth2ClientRegistration read(byte[] body, HttpHeaders headers) {
		try {
			return METADATA.read(OAuth2ClientRegistration.class, new HttpInputMessage() {
				@Override
				public InputStream getBody() {
					return new ByteArrayInputStream(body);
				}

				@Override
				public HttpHeaders getHeaders() {
					return headers;
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"The body must be a JSON object of client metadata (RFC 7591 section 2), with each field of the "
							+ "type the RFC gives it",
					ERROR_URI), ex);
		}
	}

	private static byte[] body(HttpServletRequest request) {
		if (request.getContentLengthLong() > ClientMetadataLimits.MAX_DOCUMENT_BYTES) {
			throw tooLarge();
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(ClientMetadataLimits.MAX_DOCUMENT_BYTES + 1);
			if (body.length > ClientMetadataLimits.MAX_DOCUMENT_BYTES) {
				throw tooLarge();
			}
			return body;
		}
		catch (IOException ex) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The request body could not be read", ERROR_URI),
					ex);
		}
	}

	private static OAuth2AuthenticationException tooLarge() {
		return new OAuth2AuthenticationException(new OAuth2Error("invalid_client_metadata",
				"client metadata: the document is larger than " + ClientMetadataLimits.MAX_DOCUMENT_BYTES + " bytes",
				ERROR_URI));
	}

}
