package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * RFC 9440 (Client-Cert HTTP Header Field): {@code Client-Cert} holds the DER encoding of
 * the leaf as a Structured Field byte sequence (RFC 8941 section 3.3.5,
 * {@code :base64:}), and the optional {@code Client-Cert-Chain} holds the rest of the
 * chain as a list of byte sequences (RFC 9440 section 2.2). Parameters on either are
 * allowed by RFC 8941 and ignored, since RFC 9440 defines none.
 */
public class Rfc9440ClientCertificateHeader implements ClientCertificateHeader {

	/** RFC 9440 section 2.2. */
	public static final String CLIENT_CERT = "Client-Cert";

	/**
	 * RFC 9440 section 2.2; read only next to the configured {@code Client-Cert} header.
	 */
	public static final String CLIENT_CERT_CHAIN = "Client-Cert-Chain";

	private final String headerName;

	private final String chainHeaderName;

	public Rfc9440ClientCertificateHeader(String headerName) {
		this.headerName = headerName;
		this.chainHeaderName = headerName + "-Chain";
	}

	@Override
	public Optional<X509Certificate[]> read(HttpServletRequest request) {
		List<String> leafFields = Collections.list(request.getHeaders(headerName));
		List<String> chainFields = Collections.list(request.getHeaders(chainHeaderName));
		if (leafFields.isEmpty()) {
			if (!chainFields.isEmpty()) {
				throw new MalformedClientCertificateException(
						chainHeaderName + " was sent without " + headerName + " (RFC 9440 section 2.2)");
			}
			return Optional.empty();
		}
		if (leafFields.size() > 1) {
			throw new MalformedClientCertificateException(headerName + " must be sent once (RFC 9440 section 2.2)");
		}
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(CertificateDecoder.fromDer(new StructuredField(leafFields.get(0), headerName).item(), headerName));
		if (!chainFields.isEmpty()) {
			// RFC 9110 section 5.3: repeated field lines form one comma-separated list.
			for (byte[] der : new StructuredField(String.join(", ", chainFields), chainHeaderName).list()) {
				chain.add(CertificateDecoder.fromDer(der, chainHeaderName));
			}
		}
		return Optional.of(chain.toArray(X509Certificate[]::new));
	}

	@Override
	public String headerName() {
		return headerName;
	}

	/**
	 * The subset of RFC 8941 parsing (section 4.2) these fields need: an item or a list
	 * whose members are byte sequences, with parameters skipped but checked for syntax.
	 */
	private static final class StructuredField {

		private final String input;

		private final String headerName;

		private int position;

		StructuredField(String input, String headerName) {
			this.input = input;
			this.headerName = headerName;
		}

		byte[] item() {
			skipSpaces();
			byte[] value = parameterizedByteSequence();
			skipSpaces();
			expectEnd();
			return value;
		}

		List<byte[]> list() {
			List<byte[]> members = new ArrayList<>();
			skipSpaces();
			while (position < input.length()) {
				members.add(parameterizedByteSequence());
				skipOptionalWhitespace();
				if (position == input.length()) {
					return members;
				}
				expect(',', "a comma between list members");
				skipOptionalWhitespace();
				if (position == input.length()) {
					throw malformed("a list member after the trailing comma");
				}
			}
			return members;
		}

		private byte[] parameterizedByteSequence() {
			byte[] value = byteSequence();
			while (peek() == ';') {
				position++;
				skipSpaces();
				key();
				if (peek() == '=') {
					position++;
					bareItem();
				}
			}
			return value;
		}

		private byte[] byteSequence() {
			expect(':', "a byte sequence (:base64:)");
			int end = input.indexOf(':', position);
			if (end < 0) {
				throw malformed("the closing ':' of the byte sequence");
			}
			String base64 = input.substring(position, end);
			if (!base64.chars()
				.allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/' || c == '=')) {
				throw malformed("base64 (RFC 8941 section 3.3.5) inside the byte sequence");
			}
			position = end + 1;
			try {
				return Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw malformed("base64 (RFC 8941 section 3.3.5) inside the byte sequence");
			}
		}

		private void key() {
			char first = peek();
			if (!(first >= 'a' && first <= 'z' || first == '*')) {
				throw malformed("a parameter key");
			}
			while (position < input.length() && isKeyCharacter(input.charAt(position))) {
				position++;
			}
		}

		private void bareItem() {
			char first = peek();
			if (first == ':') {
				byteSequence();
			}
			else if (first == '"') {
				quotedString();
			}
			else if (first == '?') {
				position++;
				expectOneOf("01", "a boolean");
			}
			else if (first == '-' || Character.isDigit(first) || Character.isLetter(first) || first == '*') {
				while (position < input.length() && isTokenCharacter(input.charAt(position))) {
					position++;
				}
			}
			else {
				throw malformed("a parameter value");
			}
		}

		private void quotedString() {
			position++;
			while (position < input.length()) {
				char c = input.charAt(position++);
				if (c == '"') {
					return;
				}
				if (c == '\\') {
					expectOneOf("\"\\", "an escaped '\"' or '\\'");
				}
				else if (c < 0x20 || c > 0x7e) {
					throw malformed("a printable ASCII string");
				}
			}
			throw malformed("the closing '\"' of a string");
		}

		private static boolean isKeyCharacter(char c) {
			return c >= 'a' && c <= 'z' || Character.isDigit(c) || "_-.*".indexOf(c) >= 0;
		}

		private static boolean isTokenCharacter(char c) {
			return c < 128 && Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
		}

		private char peek() {
			return position < input.length() ? input.charAt(position) : '\0';
		}

		private void expect(char expected, String what) {
			if (peek() != expected) {
				throw malformed(what);
			}
			position++;
		}

		private void expectOneOf(String allowed, String what) {
			if (position >= input.length() || allowed.indexOf(input.charAt(position)) < 0) {
				throw malformed(what);
			}
			position++;
		}

		private void expectEnd() {
			if (position != input.length()) {
				throw malformed("the end of the field after one byte sequence");
			}
		}

		private void skipSpaces() {
			while (peek() == ' ') {
				position++;
			}
		}

		private void skipOptionalWhitespace() {
			while (peek() == ' ' || peek() == '\t') {
				position++;
			}
		}

		private MalformedClientCertificateException malformed(String expected) {
			return new MalformedClientCertificateException(headerName + " is not an RFC 8941 structured field as "
					+ "RFC 9440 requires: expected " + expected + " at character " + position);
		}

	}

}
