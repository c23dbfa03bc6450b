package dev.mtlsauthz.authserver.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses the server may connect to when it fetches a URL a client registered
 * ({@code jwks_uri}): none of the loopback, private, shared, link-local, unique-local,
 * multicast, documentation, benchmarking, reserved or translation ranges (the IANA IPv4
 * and IPv6 Special-Purpose Address Registries, RFC 6890), unless
 * {@code authserver.fetch.allowed-networks} lists them. Without it a client could make
 * the server call its own management ports, a cloud metadata service
 * ({@code 169.254.169.254}) or any host of the internal network, and learn from the
 * timing and the error which of them answer (blind SSRF).
 */
public class AddressPolicy {

	/**
	 * IPv4-mapped IPv6 addresses ({@code ::ffff:127.0.0.1}) need no entry: Java reads
	 * them as the IPv4 address they carry, which these blocks check.
	 */
	private static final List<AddressBlock> SPECIAL = List
		.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
				"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
				"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48",
				"100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
		.stream()
		.map(AddressBlock::parse)
		.toList();

	private final List<AddressBlock> allowed;

	/**
	 * @param allowedNetworks addresses or CIDR blocks that may be fetched although they
	 * are special
	 */
	public AddressPolicy(List<String> allowedNetworks) {
		this.allowed = allowedNetworks.stream().map(AddressBlock::parse).toList();
	}

	/**
	 * Why the server must not connect to {@code address}, if it must not.
	 */
	public Optional<String> refusal(InetAddress address) {
		if (allowed.stream().anyMatch(block -> block.contains(address))) {
			return Optional.empty();
		}
		return SPECIAL.stream()
			.filter(block -> block.contains(address))
			.findFirst()
			.map(block -> address.getHostAddress() + " is in " + block
					+ ", a loopback, private, link-local or otherwise special range");
	}

	/**
	 * Why a client may not register {@code url} as a URL the server fetches, if it may
	 * not: it is not an absolute https URL with a host, it carries user information, or
	 * its host is, or resolves now to, an address the server must not connect to. A host
	 * that does not resolve now is accepted: every fetch resolves and checks it again.
	 */
	public Optional<String> refusal(URI url) {
		if (url.getScheme() == null || !"https".equals(url.getScheme().toLowerCase(Locale.ROOT))
				|| url.getHost() == null) {
			return Optional.of("must be an absolute https URL");
		}
		if (url.getRawUserInfo() != null) {
			return Optional.of("must not carry user information");
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
				Optional<String> refusal = refusal(address);
				if (refusal.isPresent()) {
					return Optional.of("its host " + refusal.get() + ", which the server does not fetch from");
				}
			}
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

}
