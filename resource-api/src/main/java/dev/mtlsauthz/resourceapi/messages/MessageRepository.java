package dev.mtlsauthz.resourceapi.messages;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code message} table (created by {@code db/migration/V1__create_message.sql}).
 */
@Repository
class MessageRepository {

	private final JdbcClient jdbc;

	MessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Message> latest(int limit) {
		return jdbc.sql("SELECT id, text, author, client_id, created_at FROM message ORDER BY id DESC LIMIT :limit")
			.param("limit", limit)
			.query((row, number) -> new Message(row.getLong("id"), row.getString("text"), row.getString("author"),
					row.getString("client_id"), row.getTimestamp("created_at").toInstant()))
			.list();
	}

	Message add(String text, String author, String clientId, Instant createdAt) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql(
				"INSERT INTO message (text, author, client_id, created_at) VALUES (:text, :author, :clientId, :createdAt)")
			.param("text", text)
			.param("author", author)
			.param("clientId", clientId)
			.param("createdAt", Timestamp.from(createdAt))
			.update(key, "id");
		return new Message(key.getKey().longValue(), text, author, clientId, createdAt);
	}

}
