package dev.mtlsauthz.authserver.revocation;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * Revocation checking of {@code tls_client_auth} chains
 * ({@code authserver.mtls.revocation}), used by the clients' certificate verifier.
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	CertificateRevocation certificateRevocation(AuthServerProperties properties) {
		return new CertificateRevocation(properties.mtls().revocation(), Clock.systemUTC());
	}

}
