package dev.mtlsauthz.authserver.admin;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API's signing keys: the operator's {@code signingkeys} endpoint's view and
 * rotation, whether or not that endpoint is exposed.
 */
@RestController
@RequestMapping("/admin/api/keys")
@Tag(name = "Signing keys", description = "The signing-key set: states, rotation and retirement")
class AdminKeysApi {

	private final KeyAdministration keys;

	AdminKeysApi(KeyAdministration keys) {
		this.keys = keys;
	}

	@GetMapping
	@Operation(summary = "Every key (next, active, retired) with its times, and the algorithms that sign now")
	Map<String, Object> list() {
		return keys.list();
	}

	@PostMapping("/rotate")
	@Operation(
			summary = "Rotate now: publish a next key for every algorithm that has none; it signs after publish-ahead")
	Map<String, Object> rotate() {
		return keys.rotate();
	}

	@PostMapping("/{kid}/retire")
	@Operation(summary = "Retire a key now: an active key stops signing (the next key, or a new one, signs in its "
			+ "place) and stays published until its tokens expire; a next key is withdrawn")
	Map<String, Object> retire(@PathVariable String kid) {
		return keys.retire(kid);
	}

}
