package dev.mtlsauthz.authserver.throttling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The keys under which one authentication attempt is counted: the account (a user or a
 * client) from the attempt's source address, the account from anywhere, and the source
 * address whatever the account. A key whose limit is 0 is left out, and so are the
 * address keys when the source address is unknown.
 *
 * @param identityAndAddress the account from this address, or {@code null}
 * @param identity the account from any address, or {@code null}
 * @param address this address for any account, or {@code null}
 */
record ThrottleKeys(ThrottleKey identityAndAddress, ThrottleKey identity, ThrottleKey address) {

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.%]+");

	/** How many leading bytes of an IPv6 address name a source: its /64 network. */
	private static final int IPV6_PREFIX_BYTES = 8;

	static ThrottleKeys of(Realm realm, String identity, String sourceAddress, ThrottlePolicy policy) {
		String source = source(sourceAddress);
		return new ThrottleKeys(
				(source != null && policy.failuresPerIdentityAndAddress() > 0)
						? ThrottleKey.of(realm.value() + "-address", identity, source) : null,
				(policy.failuresPerIdentity() > 0) ? ThrottleKey.of(realm.value(), identity) : null,
				(source != null && policy.failuresPerAddress() > 0) ? ThrottleKey.of("address", source) : null);
	}

	/**
	 * The keys that are counted, sorted so that every instance locks rows in one order.
	 */
	List<ThrottleKey> all() {
		List<ThrottleKey> keys = new ArrayList<>(Arrays.asList(identityAndAddress, identity, address));
		keys.removeIf(Objects::isNull);
		keys.sort((first, second) -> first.hash().compareTo(second.hash()));
		return keys;
	}

	/**
	 * The source an address stands for: the address itself for IPv4, its /64 network for
	 * IPv6, since one host usually holds a whole /64 and could otherwise step through it.
	 * Only IP literals are parsed, so that no name is ever looked up in DNS.
	 */
	static String source(String address) {
		if (address == null || address.isBlank()) {
			return null;
		}
		if (!IP_LITERAL.matcher(address).matches()) {
			return address;
		}
		try {
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length == 16) {
				byte[] network = Arrays.copyOf(bytes, 16);
				Arrays.fill(network, IPV6_PREFIX_BYTES, 16, (byte) 0);
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			return InetAddress.getByAddress(bytes).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * Whose failures are counted: a client's (its secret) or a user's (their password).
	 */
	enum Realm {

		CLIENT("client"), USER("user");

		private final String value;

		Realm(String value) {
			this.value = value;
		}

		String value() {
			return value;
		}

	}

}
