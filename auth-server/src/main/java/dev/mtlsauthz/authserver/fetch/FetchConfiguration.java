package dev.mtlsauthz.authserver.fetch;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * Fetching the URLs that clients register ({@code authserver.fetch}): which addresses may
 * be reached ({@link AddressPolicy}) and the one fetcher that reaches them
 * ({@link ClientUrlFetcher}).
 */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

	@Bean
	AddressPolicy addressPolicy(AuthServerProperties properties) {
		return new AddressPolicy(properties.fetch().allowedNetworks());
	}

	@Bean
	ClientUrlFetcher clientUrlFetcher(AuthServerProperties properties, AddressPolicy policy, SslBundles bundles)
			throws NoSuchAlgorithmException {
		AuthServerProperties.Fetch fetch = properties.fetch();
		SSLContext trust = fetch.sslBundle() != null ? bundles.getBundle(fetch.sslBundle()).createSslContext()
				: SSLContext.getDefault();
		return new ClientUrlFetcher(policy, trust, fetch.connectTimeout(), fetch.timeout(), fetch.maxSize(),
				ClientUrlFetcher.systemResolver());
	}

}
