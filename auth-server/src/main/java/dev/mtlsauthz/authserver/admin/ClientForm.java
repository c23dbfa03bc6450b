package dev.mtlsauthz.authserver.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The admin console's client form: the RFC 7591 / RFC 8705 fields a person fills in, as
 * the client metadata the API takes. A certificate pasted for
 * {@code self_signed_tls_client_auth} becomes the client's {@code jwks}.
 */
public class ClientForm {

	/** The grant types the form offers. */
	public static final List<String> GRANT_TYPES = List.of("authorization_code", "client_credentials", "refresh_token",
			"urn:ietf:params:oauth:grant-type:device_code");

	/** The client authentication methods the form offers. */
	public static final List<String> METHODS = List.of("tls_client_auth", "self_signed_tls_client_auth",
			"private_key_jwt", "client_secret_basic", "client_secret_post", "none");

	private String clientName;

	private String tokenEndpointAuthMethod = "tls_client_auth";

	private List<String> grantTypes = List.of("client_credentials");

	private String redirectUris;

	private String scope;

	private String tlsClientAuthSubjectDn;

	private String jwksUri;

	private String certificate;

	private boolean boundAccessTokens = true;

	/** The form filled with a client's metadata, as the console shows it for a change. */
	static ClientForm of(Map<String, Object> client) {
		ClientForm form = new ClientForm();
		form.clientName = (String) client.get("client_name");
		Object methods = client.get("token_endpoint_auth_method");
		form.tokenEndpointAuthMethod = methods instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
				: String.valueOf(methods);
		form.grantTypes = strings(client.get("grant_types"));
		form.redirectUris = String.join("\n", strings(client.get("redirect_uris")));
		form.scope = (String) client.get("scope");
		form.tlsClientAuthSubjectDn = (String) client.get("tls_client_auth_subject_dn");
		form.jwksUri = (String) client.get("jwks_uri");
		form.boundAccessTokens = Boolean.TRUE.equals(client.get("tls_client_certificate_bound_access_tokens"));
		return form;
	}

	/**
	 * The client metadata: blank fields left out; a pasted certificate as a {@code jwks}
	 * (unless {@code jwks_uri} is given), else the client's current one.
	 * @param currentJwks the client's registered {@code jwks}, kept when no certificate
	 * is pasted
	 */
	Map<String, Object> toMetadata(Object currentJwks) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		putIfSet(metadata, "client_name", clientName);
		putIfSet(metadata, "token_endpoint_auth_method", tokenEndpointAuthMethod);
		metadata.put("grant_types", grantTypes == null ? List.of() : grantTypes);
		List<String> uris = redirectUris == null ? List.of()
				: Arrays.stream(redirectUris.split("\\s+")).filter(uri -> !uri.isBlank()).toList();
		if (!uris.isEmpty()) {
			metadata.put("redirect_uris", uris);
		}
		putIfSet(metadata, "scope", scope);
		putIfSet(metadata, "tls_client_auth_subject_dn", tlsClientAuthSubjectDn);
		putIfSet(metadata, "jwks_uri", jwksUri);
		if (certificate != null && !certificate.isBlank()) {
			metadata.put("jwks", new JWKSet(ClientAdministration.certificateJwk(certificate)).toJSONObject(true));
		}
		else if (currentJwks != null && !metadata.containsKey("jwks_uri")) {
			metadata.put("jwks", currentJwks);
		}
		metadata.put("tls_client_certificate_bound_access_tokens", boundAccessTokens);
		return metadata;
	}

	private static void putIfSet(Map<String, Object> metadata, String name, String value) {
		if (value != null && !value.isBlank()) {
			metadata.put(name, value.trim());
		}
	}

	private static List<String> strings(Object value) {
		return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
	}

	public String getClientName() {
		return clientName;
	}

	public void setClientName(String clientName) {
		this.clientName = clientName;
	}

	public String getTokenEndpointAuthMethod() {
		return tokenEndpointAuthMethod;
	}

	public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
		this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
	}

	public List<String> getGrantTypes() {
		return grantTypes;
	}

	public void setGrantTypes(List<String> grantTypes) {
		this.grantTypes = grantTypes;
	}

	public String getRedirectUris() {
		return redirectUris;
	}

	public void setRedirectUris(String redirectUris) {
		this.redirectUris = redirectUris;
	}

	public String getScope() {
		return scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public String getTlsClientAuthSubjectDn() {
		return tlsClientAuthSubjectDn;
	}

	public void setTlsClientAuthSubjectDn(String tlsClientAuthSubjectDn) {
		this.tlsClientAuthSubjectDn = tlsClientAuthSubjectDn;
	}

	public String getJwksUri() {
		return jwksUri;
	}

	public void setJwksUri(String jwksUri) {
		this.jwksUri = jwksUri;
	}

	public String getCertificate() {
		return certificate;
	}

	public void setCertificate(String certificate) {
		this.certificate = certificate;
	}

	public boolean isBoundAccessTokens() {
		return boundAccessTokens;
	}

	public void setBoundAccessTokens(boolean boundAccessTokens) {
		this.boundAccessTokens = boundAccessTokens;
	}

}
