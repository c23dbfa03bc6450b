package dev.mtlsauthz.authserver.binding;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Issues refresh tokens, including to public clients, but to a public client only when it
 * presented a certificate: its refresh token is then bound to that certificate (RFC 8705
 * section 4) through the access token issued with it, and {@link CertificateBinding}
 * enforces the binding at each refresh. So does a public client that sent a DPoP proof
 * (RFC 9449 section 5): its refresh token is bound to the DPoP key, which Spring
 * Authorization Server checks when a proof comes with the refresh and the {@code dpop}
 * package's token generation requires. A public client with neither gets no refresh
 * token, as a bearer refresh token in a public client would outlive any theft.
 * <p>
 * It mirrors Spring Authorization Server's {@link OAuth2RefreshTokenGenerator} (the same
 * 96-byte base64url values and the client's refresh token time to live), which cannot
 * serve here: it never issues a refresh token to a public client.
 */
final class BoundRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);

	private final Clock clock = Clock.systemUTC();

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
			return null;
		}
		if (isPublicClient(context) && CertificateBinding.presentedCertificate(context).isEmpty()
				&& context.get(OAuth2TokenContext.DPOP_PROOF_KEY) == null) {
			return null;
		}
		Instant issuedAt = clock.instant();
		return new OAuth2RefreshToken(values.generateKey(), issuedAt,
				issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
	}

	private static boolean isPublicClient(OAuth2TokenContext context) {
		return context.getAuthorizationGrant() != null
				&& context.getAuthorizationGrant().getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
	}

}
