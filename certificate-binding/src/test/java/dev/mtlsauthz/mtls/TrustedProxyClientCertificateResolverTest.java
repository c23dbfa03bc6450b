package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxyClientCertificateResolverTest {

	private static final IssuedCertificate FORWARDED = CertificateBuilder.subject("CN=forwarded")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private static final IssuedCertificate CONNECTION = CertificateBuilder.subject("CN=connection")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private final TrustedProxyClientCertificateResolver resolver = new TrustedProxyClientCertificateResolver(
			List.of("10.0.0.0/8", "::1/128"), new Rfc9440ClientCertificateHeader("Client-Cert"));

	@Test
	void headerFromTrustedProxyIsUsed() throws Exception {
		assertThat(resolver.resolve(request("10.1.2.3")))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(FORWARDED.certificate()));
		assertThat(resolver.resolve(request("0:0:0:0:0:0:0:1"))).isPresent();
	}

	@Test
	void headerFromUntrustedAddressIsIgnoredInFavourOfTheConnection() throws Exception {
		assertThat(resolver.resolve(request("192.168.1.1")))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(CONNECTION.certificate()));
	}

	@Test
	void trustedProxyWithoutHeaderMeansNoCertificateEvenWhenItsConnectionHasOne() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.1.2.3");
		request.setAttribute(ClientCertificates.SERVLET_ATTRIBUTE, new X509Certificate[] { CONNECTION.certificate() });

		assertThat(resolver.resolve(request)).isEmpty();
	}

	@Test
	void headerSourceWithoutTrustedProxiesIsRefusedAtStartup() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientCertificateProperties(ClientCertificateProperties.Source.HEADER,
					ClientCertificateProperties.HeaderFormat.RFC9440, null, List.of()))
			.withMessageContaining("trusted-proxies");
	}

	@Test
	void defaultsReadTheConnectionAndNameTheFormatsUsualHeader() {
		ClientCertificateProperties defaults = bind(Map.of());
		assertThat(defaults.source()).isEqualTo(ClientCertificateProperties.Source.TLS);
		assertThat(defaults.headerName()).isEqualTo("Client-Cert");
		assertThat(bind(Map.of("header-format", "nginx", "header-name", " ")).headerName())
			.isEqualTo("X-SSL-Client-Cert");
	}

	/** The properties as Spring Boot binds them, {@code @DefaultValue}s included. */
	private static ClientCertificateProperties bind(Map<String, String> properties) {
		Map<String, String> prefixed = new HashMap<>();
		properties.forEach((name, value) -> prefixed.put("mtls-authz.client-certificate." + name, value));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("mtls-authz.client-certificate",
				ClientCertificateProperties.class);
	}

	private static MockHttpServletRequest request(String remoteAddress) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(remoteAddress);
		request.addHeader("Client-Cert", Rfc9440ClientCertificateHeaderTest.byteSequence(FORWARDED.certificate()));
		request.setAttribute(ClientCertificates.SERVLET_ATTRIBUTE, new X509Certificate[] { CONNECTION.certificate() });
		return request;
	}

}
