package dev.mtlsauthz.authserver.admin;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.mtlsauthz.authserver.clients.ClientRegistrationRequestConverter;

/**
 * The admin API's clients. Bodies of a new client and of a change are RFC 7591 client
 * metadata, read exactly as the registration endpoint reads them.
 */
@RestController
@RequestMapping("/admin/api/clients")
@Tag(name = "Clients", description = "Client registrations (RFC 7591 and RFC 8705 metadata)")
class AdminClientsApi {

	private final ClientAdministration clients;

	AdminClientsApi(ClientAdministration clients) {
		this.clients = clients;
	}

	@GetMapping
	@Operation(summary = "One page of clients whose client_id or client_name contains search")
	AdminPage<Map<String, Object>> list(@RequestParam(required = false) String search,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return clients.list(search, page, size);
	}

	@GetMapping("/{clientId}")
	@Operation(
			summary = "A client's metadata, whether it is enabled and where it comes from (seed, registration, admin)")
	Map<String, Object> read(@PathVariable String clientId) {
		return clients.read(clientId);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(
			summary = "Register a client (RFC 7591 metadata, checked as at registration); a client_secret is shown once")
	Map<String, Object> create(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			description = "RFC 7591 client metadata") HttpServletRequest request) {
		return clients.create(ClientRegistrationRequestConverter.read(request));
	}

	@PutMapping("/{clientId}")
	@Operation(summary = "Replace a client's metadata (RFC 7592 section 2.2: fields left out are removed)")
	Map<String, Object> update(@PathVariable String clientId, HttpServletRequest request) {
		return clients.update(clientId, ClientRegistrationRequestConverter.read(request));
	}

	@PostMapping("/{clientId}/disable")
	@Operation(summary = "Disable a client: every authentication of it fails, its reference tokens stop working")
	Map<String, Object> disable(@PathVariable String clientId) {
		return clients.setEnabled(clientId, false);
	}

	@PostMapping("/{clientId}/enable")
	@Operation(summary = "Enable a disabled client")
	Map<String, Object> enable(@PathVariable String clientId) {
		return clients.setEnabled(clientId, true);
	}

	@DeleteMapping("/{clientId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a client with its authorizations and consents")
	void delete(@PathVariable String clientId) {
		clients.delete(clientId);
	}

	@PostMapping("/{clientId}/secret")
	@Operation(summary = "Rotate a client_secret_basic/post client's secret; the new one is shown once")
	Map<String, Object> rotateSecret(@PathVariable String clientId) {
		return clients.rotateSecret(clientId);
	}

	@PostMapping("/{clientId}/certificates")
	@Operation(summary = "Add a certificate to a self_signed_tls_client_auth client's jwks (RFC 8705 section 2.2)")
	Map<String, Object> registerCertificate(@PathVariable String clientId, @RequestBody Certificate certificate) {
		return clients.registerCertificate(clientId, certificate.certificate());
	}

	/**
	 * @param certificate an X.509 certificate, PEM encoded
	 */
	record Certificate(String certificate) {
	}

}
