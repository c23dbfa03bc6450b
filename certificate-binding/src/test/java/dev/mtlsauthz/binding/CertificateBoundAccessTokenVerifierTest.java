package dev.mtlsauthz.binding;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.mtls.X5tS256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CertificateBoundAccessTokenVerifierTest {

	private static final X509Certificate BOUND = certificate("CN=bound");

	private static final X509Certificate OTHER = certificate("CN=other");

	private static final Map<String, Object> BOUND_CLAIMS = Map.of("sub", "client", "cnf",
			X5tS256.of(BOUND).toConfirmationClaim());

	private final CertificateBoundAccessTokenVerifier verifier = new CertificateBoundAccessTokenVerifier(false);

	@Test
	void boundTokenWithItsCertificateIsAccepted() {
		assertThatCode(() -> verifier.verify(BOUND_CLAIMS, Optional.of(BOUND))).doesNotThrowAnyException();
	}

	@Test
	void boundTokenWithoutCertificateIsInvalidTokenSayingTheCertificateIsMissing() {
		assertThat(refusal(verifier, BOUND_CLAIMS, Optional.empty()).getDescription())
			.contains("presented no client certificate");
	}

	@Test
	void boundTokenWithAnotherCertificateIsInvalidTokenSayingItIsDifferent() {
		assertThat(refusal(verifier, BOUND_CLAIMS, Optional.of(OTHER)).getDescription())
			.contains("different client certificate");
	}

	@Test
	void unboundTokenIsAcceptedUnlessBoundTokensAreRequired() {
		Map<String, Object> unbound = Map.of("sub", "client");
		assertThatCode(() -> verifier.verify(unbound, Optional.empty())).doesNotThrowAnyException();
		assertThat(refusal(new CertificateBoundAccessTokenVerifier(true), unbound, Optional.of(BOUND)).getDescription())
			.contains("requires a certificate-bound access token");
	}

	@Test
	void malformedThumbprintIsInvalidToken() {
		assertThat(
				refusal(verifier, Map.of("cnf", Map.of("x5t#S256", "too-short")), Optional.of(BOUND)).getDescription())
			.contains("malformed");
	}

	private static BearerTokenError refusal(CertificateBoundAccessTokenVerifier verifier, Map<String, Object> claims,
			Optional<X509Certificate> presented) {
		OAuth2AuthenticationException ex = org.junit.jupiter.api.Assertions
			.assertThrows(OAuth2AuthenticationException.class, () -> verifier.verify(claims, presented));
		assertThat(ex.getError()).isInstanceOfSatisfying(BearerTokenError.class, error -> {
			assertThat(error.getErrorCode()).isEqualTo("invalid_token");
			assertThat(error.getHttpStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
		});
		return (BearerTokenError) ex.getError();
	}

	private static X509Certificate certificate(String subject) {
		return CertificateBuilder.subject(subject).clientAuth().validFor(Duration.ofDays(1)).selfSigned().certificate();
	}

}
