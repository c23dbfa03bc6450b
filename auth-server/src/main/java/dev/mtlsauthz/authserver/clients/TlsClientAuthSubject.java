package dev.mtlsauthz.authserver.clients;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The one registered subject a {@code tls_client_auth} client's certificate must carry
 * (RFC 8705 section 2.1.2). Only the leaf certificate is matched, never an issuer in its
 * chain.
 *
 * @param field the metadata name that registered it
 * @param expected the registered value
 */
public record TlsClientAuthSubject(Field field, String expected) {

	/**
	 * The five RFC 8705 subject metadata fields, with the SAN type (RFC 5280 GeneralName
	 * tag) each one reads.
	 */
	public enum Field {

		SUBJECT_DN("tls_client_auth_subject_dn", -1, null),
		SAN_DNS("tls_client_auth_san_dns", 2, ClientSettingNames.TLS_CLIENT_AUTH_SAN_DNS),
		SAN_URI("tls_client_auth_san_uri", 6, ClientSettingNames.TLS_CLIENT_AUTH_SAN_URI),
		SAN_IP("tls_client_auth_san_ip", 7, ClientSettingNames.TLS_CLIENT_AUTH_SAN_IP),
		SAN_EMAIL("tls_client_auth_san_email", 1, ClientSettingNames.TLS_CLIENT_AUTH_SAN_EMAIL);

		private final String metadataName;

		private final int generalNameTag;

		private final String settingName;

		Field(String metadataName, int generalNameTag, String settingName) {
			this.metadataName = metadataName;
			this.generalNameTag = generalNameTag;
			this.settingName = settingName;
		}

		public String metadataName() {
			return metadataName;
		}

	}

	public TlsClientAuthSubject {
		validate(field, expected);
	}

	/**
	 * Reads the subject fields of a metadata document.
	 * @param required whether the client uses {@code tls_client_auth}, which needs
	 * exactly one of them
	 */
	static Optional<TlsClientAuthSubject> fromMetadata(Map<String, Object> metadata, boolean required) {
		List<Field> present = Arrays.stream(Field.values()).filter(f -> metadata.get(f.metadataName) != null).toList();
		if (present.size() > 1) {
			throw new InvalidClientMetadataException(present.get(1).metadataName,
					"only one of the tls_client_auth subject fields may be registered");
		}
		if (present.isEmpty()) {
			if (required) {
				throw new InvalidClientMetadataException("tls_client_auth_subject_dn",
						"tls_client_auth requires exactly one of tls_client_auth_subject_dn, tls_client_auth_san_dns, "
								+ "tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email");
			}
			return Optional.empty();
		}
		Field field = present.get(0);
		return Optional.of(new TlsClientAuthSubject(field,
				ClientMetadata.optionalString(metadata, field.metadataName).orElseThrow()));
	}

	/** The subject stored in a registered client's settings, if any. */
	public static Optional<TlsClientAuthSubject> fromSettings(ClientSettings settings) {
		if (settings.getX509CertificateSubjectDN() != null) {
			return Optional.of(new TlsClientAuthSubject(Field.SUBJECT_DN, settings.getX509CertificateSubjectDN()));
		}
		return Arrays.stream(Field.values())
			.filter(f -> f.settingName != null && settings.getSetting(f.settingName) != null)
			.findFirst()
			.map(f -> new TlsClientAuthSubject(f, settings.getSetting(f.settingName)));
	}

	void applyTo(ClientSettings.Builder settings) {
		if (field == Field.SUBJECT_DN) {
			settings.x509CertificateSubjectDN(expected);
		}
		else {
			settings.setting(field.settingName, expected);
		}
	}

	/** Whether the leaf certificate carries the registered subject. */
	public boolean matches(X509Certificate leaf) {
		if (field == Field.SUBJECT_DN) {
			// X500Principal equality compares the RFC 2253 canonical forms: attribute
			// types and values are
			// compared case-insensitively with insignificant white space removed, so
			// CN=a,O=b equals cn=a, o=b.
			return new X500Principal(expected).equals(leaf.getSubjectX500Principal());
		}
		return subjectAlternativeNames(leaf, field.generalNameTag).stream().anyMatch(this::matchesName);
	}

	private boolean matchesName(String presented) {
		return switch (field) {
			case SAN_DNS -> presented.equalsIgnoreCase(expected);
			case SAN_URI -> presented.equals(expected);
			case SAN_IP -> sameAddress(presented, expected);
			case SAN_EMAIL -> sameMailbox(presented, expected);
			case SUBJECT_DN -> false;
		};
	}

	private static List<String> subjectAlternativeNames(X509Certificate certificate, int tag) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names == null) {
				return List.of();
			}
			return names.stream()
				.filter(name -> ((Integer) name.get(0)) == tag)
				.map(name -> String.valueOf(name.get(1)))
				.toList();
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
	}

	/**
	 * Compares addresses, not spellings, so that RFC 5952 and expanded IPv6 forms match.
	 */
	private static boolean sameAddress(String presented, String expected) {
		try {
			return Arrays.equals(literalAddress(presented), literalAddress(expected));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The local part of a mailbox is case-sensitive, the domain is not (RFC 5321 section
	 * 2.4).
	 */
	private static boolean sameMailbox(String presented, String expected) {
		int p = presented.lastIndexOf('@');
		int e = expected.lastIndexOf('@');
		return p > 0 && e > 0 && presented.substring(0, p).equals(expected.substring(0, e))
				&& presented.substring(p).equalsIgnoreCase(expected.substring(e));
	}

	private static byte[] literalAddress(String value) {
		boolean literal = value.contains(":") || value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
		if (!literal) {
			throw new IllegalArgumentException("not an IP address literal: " + value);
		}
		try {
			// A literal is parsed without any name lookup.
			return InetAddress.getByName(value).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an IP address literal: " + value, ex);
		}
	}

	private static void validate(Field field, String expected) {
		try {
			switch (field) {
				case SUBJECT_DN -> new X500Principal(expected);
				case SAN_IP -> literalAddress(expected);
				case SAN_URI -> java.net.URI.create(expected);
				case SAN_EMAIL -> {
					if (expected.lastIndexOf('@') <= 0) {
						throw new IllegalArgumentException("not an email address");
					}
				}
				case SAN_DNS -> {
					if (expected.isBlank() || expected.contains(" ")) {
						throw new IllegalArgumentException("not a DNS name");
					}
				}
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientMetadataException(field.metadataName, switch (field) {
				case SUBJECT_DN -> "is not a distinguished name (RFC 4514)";
				case SAN_IP -> "is not an IPv4 or IPv6 address";
				case SAN_URI -> "is not a URI";
				case SAN_EMAIL -> "is not an email address";
				case SAN_DNS -> "is not a DNS name";
			});
		}
	}
}
