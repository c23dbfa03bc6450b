package dev.mtlsauthz.resourceapi.messages;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/messages} (scope {@code api.read}) lists the latest messages;
 * {@code POST /api/messages} (scope {@code api.write}) with {@code {"text": "..."}} adds
 * one. Scopes are enforced by the security configuration, so a request that reaches this
 * class is allowed.
 */
@RestController
@RequestMapping("/api/messages")
class MessagesController {

	static final int MAX_TEXT_LENGTH = 500;

	private static final int PAGE_SIZE = 100;

	private final MessageRepository messages;

	private final Clock clock = Clock.systemUTC();

	MessagesController(MessageRepository messages) {
		this.messages = messages;
	}

	@GetMapping
	List<Message> latest() {
		return messages.latest(PAGE_SIZE);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Message post(@RequestBody NewMessage message, AbstractOAuth2TokenAuthenticationToken<?> token) {
		String text = message.text() == null ? "" : message.text().strip();
		if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidMessageException("text must be between 1 and " + MAX_TEXT_LENGTH + " characters");
		}
		Map<String, Object> claims = token.getTokenAttributes();
		Object clientId = claims.getOrDefault("client_id", claims.get("azp"));
		return messages.add(text, token.getName(), clientId != null ? clientId.toString() : null, clock.instant());
	}

	/**
	 * Errors in the shape OAuth 2.0 uses everywhere else in this API (RFC 6749 section
	 * 5.2).
	 */
	@ExceptionHandler({ InvalidMessageException.class, HttpMessageNotReadableException.class })
	ResponseEntity<Map<String, String>> invalidRequest(Exception ex) {
		String description = ex instanceof InvalidMessageException ? ex.getMessage()
				: "The body must be a JSON object such as {\"text\": \"hello\"}";
		return ResponseEntity.badRequest()
			.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description", description));
	}

	record NewMessage(String text) {
	}

	static class InvalidMessageException extends RuntimeException {

		InvalidMessageException(String message) {
			super(message);
		}

	}

}
