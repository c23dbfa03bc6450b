package dev.mtlsauthz.dpop;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class DpopResourceServerAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DpopResourceServerAutoConfiguration.class));

	@Test
	void addsDpopToEveryFilterChainWithAnInMemoryReplayCacheAndNoNonceByDefault() {
		runner.run(context -> {
			assertThat(context).hasBean(DpopResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME);
			assertThat(context.getBean(DpopProofReplayCache.class)).isInstanceOf(InMemoryDpopProofReplayCache.class);
			assertThat(context).doesNotHaveBean(DpopNonces.class);
			assertThat(context.getBean(DpopProofVerifier.class).nonces()).isNull();
		});
	}

	@Test
	void databaseReplayCacheWhenTheApplicationHasOneAndItsTableIsMissingFailsAtStart() {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:dpop-autoconfig", "sa", ""));
		runner.withBean(JdbcTemplate.class, () -> jdbc)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Table \"DPOP_PROOF_JTI\" not found"));
		runner.withBean(JdbcTemplate.class, () -> jdbc)
			.withPropertyValues("mtls-authz.resource-server.dpop.replay-cache=in-memory")
			.run(context -> assertThat(context.getBean(DpopProofReplayCache.class))
				.isInstanceOf(InMemoryDpopProofReplayCache.class));
	}

	@Test
	void noncesWhenTurnedOn() {
		runner.withPropertyValues("mtls-authz.resource-server.dpop.nonce.enabled=true")
			.run(context -> assertThat(context.getBean(DpopProofVerifier.class).nonces()).isNotNull());
	}

	@Test
	void disabledAddsNothing() {
		runner.withPropertyValues("mtls-authz.resource-server.dpop.enabled=false")
			.run(context -> assertThat(context)
				.doesNotHaveBean(DpopResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME)
				.doesNotHaveBean(DpopProofVerifier.class));
	}

}
