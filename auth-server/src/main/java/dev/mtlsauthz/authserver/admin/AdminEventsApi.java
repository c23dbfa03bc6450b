package dev.mtlsauthz.authserver.admin;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mtlsauthz.authserver.audit.JdbcAuditEventRepository;

/** The admin API's audit events. */
@RestController
@RequestMapping("/admin/api/events")
@Tag(name = "Audit events", description = "What happened: tokens, authentications, consents, admin changes")
class AdminEventsApi {

	private final JdbcAuditEventRepository events;

	AdminEventsApi(JdbcAuditEventRepository events) {
		this.events = events;
	}

	@GetMapping
	@Operation(summary = "One page of events, newest first, from (inclusive) to (exclusive) ISO-8601 instants, "
			+ "of a client_id, a user (the event's principal) and a type")
	JdbcAuditEventRepository.Page query(@RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to,
			@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(required = false) String user, @RequestParam(required = false) String type,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return events.query(new JdbcAuditEventRepository.Query(from, to, clientId, user, type, page, size));
	}

}
