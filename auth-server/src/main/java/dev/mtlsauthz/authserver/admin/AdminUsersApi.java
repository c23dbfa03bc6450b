package dev.mtlsauthz.authserver.admin;

import java.util.List;
import java.util.Map;

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

import dev.mtlsauthz.authserver.admin.UserAdministration.ProfileClaims;

/** The admin API's users and what they granted. */
@RestController
@RequestMapping("/admin/api/users")
@Tag(name = "Users", description = "User accounts, their profiles and their grants")
class AdminUsersApi {

	private final UserAdministration users;

	private final GrantAdministration grants;

	AdminUsersApi(UserAdministration users, GrantAdministration grants) {
		this.users = users;
		this.grants = grants;
	}

	@GetMapping
	@Operation(summary = "One page of users whose name contains search")
	AdminPage<Map<String, Object>> list(@RequestParam(required = false) String search,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return users.list(search, page, size);
	}

	@GetMapping("/{username}")
	@Operation(summary = "A user's account and profile")
	Map<String, Object> read(@PathVariable String username) {
		return users.read(username);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a user with a password (bcrypt) and profile claims")
	Map<String, Object> create(@RequestBody NewUser user) {
		return users.create(user.username(), user.password(), user.profile(), Boolean.TRUE.equals(user.operator()));
	}

	@PutMapping("/{username}/profile")
	@Operation(summary = "Replace a user's profile claims")
	Map<String, Object> updateProfile(@PathVariable String username, @RequestBody ProfileClaims profile) {
		return users.updateProfile(username, profile);
	}

	@PutMapping("/{username}/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Set a user's password")
	void setPassword(@PathVariable String username, @RequestBody Password password) {
		users.setPassword(username, password.password());
	}

	@PostMapping("/{username}/disable")
	@Operation(summary = "Disable a user and end their sign-in sessions")
	Map<String, Object> disable(@PathVariable String username) {
		return users.setEnabled(username, false);
	}

	@PostMapping("/{username}/enable")
	@Operation(summary = "Enable a disabled user")
	Map<String, Object> enable(@PathVariable String username) {
		return users.setEnabled(username, true);
	}

	@DeleteMapping("/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a user with their sessions, consents and authorizations")
	void delete(@PathVariable String username) {
		users.delete(username);
	}

	@GetMapping("/{username}/grants")
	@Operation(summary = "A user's consents and live authorizations, per client")
	List<GrantAdministration.Grant> grants(@PathVariable String username) {
		users.read(username);
		return grants.grants(username);
	}

	@DeleteMapping("/{username}/grants/{clientId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Withdraw a user's consent to a client and revoke the client's authorizations for the user")
	void revoke(@PathVariable String username, @PathVariable String clientId) {
		grants.revoke(username, clientId);
	}

	/**
	 * @param operator whether the user also gets the operator's role (the admin console)
	 */
	record NewUser(String username, String password, ProfileClaims profile, Boolean operator) {
	}

	record Password(String password) {
	}

}
