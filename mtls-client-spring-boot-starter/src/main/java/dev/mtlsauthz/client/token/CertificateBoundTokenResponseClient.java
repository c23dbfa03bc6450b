package dev.mtlsauthz.client.token;

import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import dev.mtlsauthz.client.tls.MtlsConnection;
import dev.mtlsauthz.client.tls.MtlsConnections;

/**
 * Requests a token over the current {@link MtlsConnection} and records that the token is
 * bound to its certificate (RFC 8705 section 3), so that {@link MtlsConnections} sends it
 * with that certificate only.
 * <p>
 * A certificate renewed while the request was under way would leave unknown which
 * certificate the issuer saw; the request is then made again. The connection only ever
 * moves to a newer certificate, so the same connection before and after the request means
 * the request used it.
 */
public final class CertificateBoundTokenResponseClient<T extends AbstractOAuth2AuthorizationGrantRequest>
		implements OAuth2AccessTokenResponseClient<T> {

	private static final int ATTEMPTS = 3;

	private final OAuth2AccessTokenResponseClient<T> delegate;

	private final MtlsConnections connections;

	public CertificateBoundTokenResponseClient(OAuth2AccessTokenResponseClient<T> delegate,
			MtlsConnections connections) {
		this.delegate = delegate;
		this.connections = connections;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(T grantRequest) {
		for (int attempt = 1;; attempt++) {
			MtlsConnection before = connections.current();
			OAuth2AccessTokenResponse response = delegate.getTokenResponse(grantRequest);
			if (connections.current() == before || attempt == ATTEMPTS) {
				OAuth2AccessToken token = response.getAccessToken();
				connections.bind(token.getTokenValue(), before, token.getExpiresAt());
				return response;
			}
		}
	}

}
