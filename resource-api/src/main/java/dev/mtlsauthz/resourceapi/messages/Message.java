package dev.mtlsauthz.resourceapi.messages;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message posted through the API, with who posted it (the token's subject and client).
 */
public record Message(long id, String text, String author, @JsonProperty("client_id") String clientId,
		@JsonProperty("created_at") Instant createdAt) {
}
