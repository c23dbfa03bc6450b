package dev.mtlsauthz.democlient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerChallengeTest {

	@Test
	void readsErrorAndDescriptionFromQuotedParameters() {
		BearerChallenge challenge = BearerChallenge.parse(
				"Bearer error=\"invalid_token\", error_description=\"The token is bound to \\\"another\\\" certificate\", "
						+ "resource_metadata=\"https://api/.well-known\"")
			.orElseThrow();

		assertThat(challenge.error()).isEqualTo("invalid_token");
		assertThat(challenge.errorDescription()).isEqualTo("The token is bound to \"another\" certificate");
	}

	@Test
	void readsUnquotedParametersAndIgnoresOtherSchemes() {
		assertThat(BearerChallenge.parse("bearer error=invalid_token").orElseThrow().error())
			.isEqualTo("invalid_token");
		assertThat(BearerChallenge.parse("Basic realm=\"api\"")).isEmpty();
		assertThat(BearerChallenge.parse(null)).isEmpty();
	}

}
