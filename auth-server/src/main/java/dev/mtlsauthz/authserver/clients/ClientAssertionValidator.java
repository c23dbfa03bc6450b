package dev.mtlsauthz.authserver.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What RFC 7523 section 3 and its security considerations ask of a client assertion
 * beyond its signature, issuer, subject and audience: a {@code jti}, a short life, and a
 * single use. It runs after the other checks and records the {@code jti} only when they
 * passed, so that an assertion that fails them does not use up its identifier.
 * <ul>
 * <li>{@code jti} is required;</li>
 * <li>{@code exp - iat} and {@code exp} from now are at most
 * {@code authserver.client-authentication.max-assertion-lifetime}, so that an assertion
 * valid for a year is refused;</li>
 * <li>a {@code jti} already used by the client is refused until the assertion has
 * expired, on every instance ({@link UsedClientAssertions}).</li>
 * </ul>
 */
class ClientAssertionValidator implements OAuth2TokenValidator<Jwt> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private final OAuth2TokenValidator<Jwt> checks;

	private final UsedClientAssertions usedAssertions;

	private final Duration maxLifetime;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * @param checks the validations that must pass before the assertion is recorded as
	 * used
	 * @param clockSkew the skew the timestamp validation allows, for which an assertion
	 * is remembered beyond its {@code exp}
	 */
	ClientAssertionValidator(OAuth2TokenValidator<Jwt> checks, UsedClientAssertions usedAssertions,
			Duration maxLifetime, Duration clockSkew, Clock clock) {
		this.checks = checks;
		this.usedAssertions = usedAssertions;
		this.maxLifetime = maxLifetime;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt assertion) {
		OAuth2TokenValidatorResult result = checks.validate(assertion);
		if (result.hasErrors()) {
			return result;
		}
		String jti = assertion.getId();
		if (jti == null || jti.isBlank()) {
			return failure("the client assertion has no jti; each assertion needs a unique one");
		}
		Instant expiresAt = assertion.getExpiresAt();
		Instant issuedAt = assertion.getIssuedAt();
		if (issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
			return failure("the client assertion is valid for longer than " + maxLifetime.toSeconds()
					+ " seconds (exp - iat); make it short-lived");
		}
		if (Duration.between(clock.instant(), expiresAt).compareTo(maxLifetime.plus(clockSkew)) > 0) {
			return failure("the client assertion expires more than " + maxLifetime.toSeconds()
					+ " seconds from now; make it short-lived");
		}
		String clientId = assertion.getSubject();
		if (!usedAssertions.firstUse(clientId, jti, expiresAt.plus(clockSkew))) {
			return failure("the client assertion was already used (jti); each assertion works once");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult
			.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, ERROR_URI));
	}

}
