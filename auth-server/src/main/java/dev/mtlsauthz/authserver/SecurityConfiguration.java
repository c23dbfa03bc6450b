package dev.mtlsauthz.authserver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import dev.mtlsauthz.authserver.binding.CertificateBoundRefreshTokenProvider;
import dev.mtlsauthz.authserver.clients.ClientAuthenticationFailureHandler;
import dev.mtlsauthz.authserver.clients.ClientCertificateVerifier;
import dev.mtlsauthz.authserver.clients.PublicClientRefreshAuthenticationProvider;
import dev.mtlsauthz.authserver.clients.RegisteredMethodClientAuthenticationConverter;
import dev.mtlsauthz.authserver.discovery.MtlsDiscoveryCustomizer;

/**
 * The two filter chains, read top to bottom as the list of what this server changes in Spring Authorization
 * Server. Each change lives in a named class.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, RegisteredClientRepository clients,
            OAuth2AuthorizationService authorizations, ClientCertificateVerifier certificateVerifier,
            MtlsDiscoveryCustomizer discovery) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        X509ClientCertificateAuthenticationProvider certificateAuthentication =
                new X509ClientCertificateAuthenticationProvider(clients, authorizations);
        certificateAuthentication.setCertificateVerifier(certificateVerifier);

        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> server
                        // RFC 8705 section 2: the registration decides the method, and the application validates
                        // the certificate (the mTLS connector accepts any at the TLS layer).
                        .clientAuthentication(clientAuthentication -> clientAuthentication
                                .authenticationConverters(converters -> {
                                    converters.removeIf(X509ClientCertificateAuthenticationConverter.class::isInstance);
                                    converters.add(0, new RegisteredMethodClientAuthenticationConverter(clients));
                                })
                                .authenticationProviders(providers -> {
                                    providers.removeIf(X509ClientCertificateAuthenticationProvider.class::isInstance);
                                    providers.add(0, certificateAuthentication);
                                    providers.add(0, new PublicClientRefreshAuthenticationProvider(clients));
                                })
                                .errorResponseHandler(new ClientAuthenticationFailureHandler()))
                        // RFC 8705 section 4: public clients' refresh tokens are bound to their certificate.
                        .tokenEndpoint(token -> token.authenticationProviders(providers -> providers.replaceAll(
                                provider -> provider instanceof OAuth2RefreshTokenAuthenticationProvider
                                        ? new CertificateBoundRefreshTokenProvider(provider, authorizations)
                                        : provider)))
                        // RFC 8705 section 5: mtls_endpoint_aliases and truthful capability lists.
                        .authorizationServerMetadataEndpoint(metadata -> metadata.authorizationServerMetadataCustomizer(
                                builder -> builder.claims(discovery::customize)))
                        .oidc(oidc -> oidc.providerConfigurationEndpoint(configuration -> configuration
                                .providerConfigurationCustomizer(builder -> builder.claims(discovery::customize))))
                        .deviceAuthorizationEndpoint(Customizer.withDefaults())
                        .deviceVerificationEndpoint(Customizer.withDefaults())
                        .pushedAuthorizationRequestEndpoint(Customizer.withDefaults()))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain application(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}
