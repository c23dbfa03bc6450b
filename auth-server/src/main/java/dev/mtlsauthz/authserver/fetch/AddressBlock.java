package dev.mtlsauthz.authserver.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation (RFC 4632 section 3.1), such as
 * {@code 10.0.0.0/8} or {@code fc00::/7}; a single address is a block of one.
 *
 * @param network the first address of the block
 * @param prefixLength how many leading bits every address of the block shares with it
 */
public record AddressBlock(InetAddress network, int prefixLength) {

	/**
	 * @param cidr {@code address/prefix-length} or a bare address, as a literal: no name
	 * is looked up
	 * @throws IllegalArgumentException when it is neither
	 */
	public static AddressBlock parse(String cidr) {
		int slash = cidr.indexOf('/');
		String address = slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim();
		if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			throw new IllegalArgumentException("Not an address or CIDR block: " + cidr);
		}
		InetAddress network;
		try {
			network = InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Not an address or CIDR block: " + cidr, ex);
		}
		int bits = network.getAddress().length * 8;
		int prefixLength = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).trim());
		if (prefixLength < 0 || prefixLength > bits) {
			throw new IllegalArgumentException("Prefix length out of range: " + cidr);
		}
		return new AddressBlock(network, prefixLength);
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		byte[] prefix = network.getAddress();
		if (candidate.length != prefix.length) {
			return false;
		}
		int full = prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (candidate[i] != prefix[i]) {
				return false;
			}
		}
		int rest = prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = 0xFF << (8 - rest);
		return (candidate[full] & mask) == (prefix[full] & mask);
	}

	@Override
	public String toString() {
		return network.getHostAddress() + "/" + prefixLength;
	}

}
