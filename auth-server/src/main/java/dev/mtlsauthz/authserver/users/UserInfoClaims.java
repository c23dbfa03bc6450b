package dev.mtlsauthz.authserver.users;

import java.util.function.Function;

import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The userinfo response (OpenID Connect Core 1.0 section 5.3.2): the standard claims of
 * the user the access token was issued for, as far as the token's scopes release them
 * (section 5.4). It replaces the default mapper of Spring Authorization Server's
 * {@code OidcUserInfoAuthenticationProvider}, which copies them from the ID token, which
 * holds none of them here.
 */
public class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final UserProfiles profiles;

	public UserInfoClaims(UserProfiles profiles) {
		this.profiles = profiles;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		UserProfile profile = profiles.find(context.getAuthorization().getPrincipalName());
		return new OidcUserInfo(profile.claims(context.getAccessToken().getScopes()));
	}

}
