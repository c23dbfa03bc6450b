package dev.mtlsauthz.authserver.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The admin API's errors as OAuth 2.0 error objects ({@code error},
 * {@code error_description}): client metadata that cannot be registered is RFC 7591's
 * {@code invalid_client_metadata} (or {@code invalid_redirect_uri}) as at registration, a
 * request that cannot be read {@code invalid_request}, an unknown client or user
 * {@code not_found}. Never a parser's message.
 */
@RestControllerAdvice(
		assignableTypes = { AdminClientsApi.class, AdminUsersApi.class, AdminKeysApi.class, AdminEventsApi.class })
class AdminApiErrors {

	@ExceptionHandler(OAuth2AuthenticationException.class)
	ResponseEntity<Map<String, Object>> invalidMetadata(OAuth2AuthenticationException exception) {
		return error(HttpStatus.BAD_REQUEST, exception.getError());
	}

	@ExceptionHandler(AdminRequestException.class)
	ResponseEntity<Map<String, Object>> refused(AdminRequestException exception) {
		return error(exception.status(), exception.error());
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
			MissingServletRequestParameterException.class })
	ResponseEntity<Map<String, Object>> unreadable(Exception exception) {
		return error(HttpStatus.BAD_REQUEST,
				new OAuth2Error("invalid_request",
						"The request's parameters or JSON body do not have the names and types the API documents "
								+ "(/admin/api/openapi.json)",
						null));
	}

	static ResponseEntity<Map<String, Object>> error(HttpStatus status, OAuth2Error error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.getErrorCode());
		if (error.getDescription() != null) {
			body.put("error_description", error.getDescription());
		}
		if (error.getUri() != null) {
			body.put("error_uri", error.getUri());
		}
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
	}

}
