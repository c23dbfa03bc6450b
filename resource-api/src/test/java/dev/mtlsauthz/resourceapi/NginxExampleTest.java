package dev.mtlsauthz.resourceapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import dev.mtlsauthz.mtls.ClientCertificateProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented nginx setup working: {@code examples/nginx.conf} and
 * {@code examples/application-nginx.yml} must agree with each other and with the API's
 * defaults, and the README must show them as they are.
 * {@link TrustedProxyNginxHeaderTest} runs the API with that very application file.
 */
class NginxExampleTest {

	static final String NGINX_CONF = "examples/nginx.conf";

	static final String APPLICATION_YML = "examples/application-nginx.yml";

	private final String nginxConf = read(NGINX_CONF);

	private final ClientCertificateProperties settings = bind(new FileSystemResource(APPLICATION_YML),
			"mtls-authz.client-certificate", ClientCertificateProperties.class);

	@Test
	void nginxRequestsAnyClientCertificate() {
		assertThat(nginxConf).contains("ssl_verify_client optional_no_ca;");
	}

	@Test
	void nginxSendsTheHeaderTheApiReads() {
		assertThat(settings.source()).isEqualTo(ClientCertificateProperties.Source.HEADER);
		assertThat(settings.headerFormat()).isEqualTo(ClientCertificateProperties.HeaderFormat.NGINX);
		assertThat(nginxConf).contains("proxy_set_header " + settings.headerName() + " $ssl_client_escaped_cert;");
	}

	@Test
	void nginxReachesTheApiFromATrustedAddressOnItsPort() {
		Matcher upstream = Pattern.compile("proxy_pass https://([0-9.]+):([0-9]+);").matcher(nginxConf);
		assertThat(upstream.find()).isTrue();
		List<IpAddressMatcher> trusted = settings.trustedProxies().stream().map(IpAddressMatcher::new).toList();
		assertThat(trusted).anyMatch(proxy -> proxy.matches(upstream.group(1)));
		Integer apiPort = bind(new ClassPathResource("application.yml"), "server.port", Integer.class);
		assertThat(Integer.valueOf(upstream.group(2))).isEqualTo(apiPort);
	}

	@Test
	void readmeShowsTheExamplesVerbatim() {
		String readme = read("README.md");
		assertThat(readme).contains(nginxConf.strip());
		assertThat(readme).contains(read(APPLICATION_YML).strip());
	}

	private static <T> T bind(org.springframework.core.io.Resource yaml, String name, Class<T> type) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(yaml.getFilename(), yaml);
			return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate(name, type);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + path, ex);
		}
	}

}
