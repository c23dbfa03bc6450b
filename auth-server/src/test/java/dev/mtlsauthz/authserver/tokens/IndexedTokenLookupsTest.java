package dev.mtlsauthz.authserver.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;

/** A lookup by token value alone finds every kind of token, through the per-column indexes. */
class IndexedTokenLookupsTest extends AuthServerIntegrationTest {

    @Autowired
    private OAuth2AuthorizationService authorizations;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void untypedLookupFindsAccessAndRefreshTokensAndNothingElse() {
        Instant now = Instant.now();
        String accessToken = "at-" + UUID.randomUUID();
        String refreshToken = "rt-" + UUID.randomUUID();
        OAuth2Authorization authorization = OAuth2Authorization
                .withRegisteredClient(clients.findByClientId("secret-client")).principalName("secret-client")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, now,
                        now.plus(Duration.ofMinutes(5))))
                .refreshToken(new OAuth2RefreshToken(refreshToken, now, now.plus(Duration.ofHours(1)))).build();
        authorizations.save(authorization);

        assertThat(authorizations.findByToken(accessToken, null)).extracting(OAuth2Authorization::getId)
                .isEqualTo(authorization.getId());
        assertThat(authorizations.findByToken(refreshToken, null)).extracting(OAuth2Authorization::getId)
                .isEqualTo(authorization.getId());
        assertThat(authorizations.findByToken("unknown-" + UUID.randomUUID(), null)).isNull();
    }

    @Test
    void lookupByAccessTokenValueUsesItsIndex() {
        String plan = jdbc.queryForObject("EXPLAIN SELECT id FROM oauth2_authorization "
                + "WHERE access_token_value = CAST('token' AS VARBINARY)", String.class);

        assertThat(plan).containsIgnoringCase("OAUTH2_AUTHORIZATION_ACCESS_TOKEN");
    }
}
