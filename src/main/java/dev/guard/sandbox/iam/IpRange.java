package dev.guard.sandbox.iam;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** A CIDR block (or a single address) for IpAddress / NotIpAddress; literals only, never a DNS lookup. */
record IpRange(byte[] network, int prefixLength) {

    static Optional<IpRange> parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        Optional<byte[]> address = address(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        try {
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            return prefix < 0 || prefix > bits ? Optional.empty() : Optional.of(new IpRange(address.get(), prefix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean contains(String ip) {
        Optional<byte[]> address = address(ip);
        if (address.isEmpty() || address.get().length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefixLength;
        return new BigInteger(1, address.get()).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }

    private static Optional<byte[]> address(String text) {
        String literal = text.trim();
        boolean ipv4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
        if (ipv4) {
            for (String octet : literal.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty(); // else InetAddress would take it for a host name
                }
            }
        }
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
