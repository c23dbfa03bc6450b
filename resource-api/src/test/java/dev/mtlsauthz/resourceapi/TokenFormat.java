package dev.mtlsauthz.resourceapi;

import java.security.cert.X509Certificate;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * The two kinds of access token the API accepts, each issued by the {@link TestIssuer}.
 */
enum TokenFormat {

	JWT {
		@Override
		String issue(String scope, X509Certificate boundTo) {
			return TestIssuer.get().jwt(scope, boundTo);
		}
	},

	OPAQUE {
		@Override
		String issue(String scope, X509Certificate boundTo) {
			return TestIssuer.get().opaque(scope, boundTo);
		}
	};

	abstract String issue(String scope, X509Certificate boundTo);

	String boundTo(IssuedCertificate certificate, String scope) {
		return issue(scope, certificate.certificate());
	}

	String unbound(String scope) {
		return issue(scope, null);
	}

	String tokenType() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
