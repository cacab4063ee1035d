package com.switchboard.livekit.simulator;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * LiveKit SIP's source check of an inbound trunk: an IP or CIDR list; invalid entries are ignored,
 * and a list with no valid entry lets everyone in.
 */
final class AddressMasks {
    private AddressMasks() {}

    static boolean allows(List<String> masks, String source) {
        List<String> valid = masks.stream().filter(AddressMasks::isValid).toList();
        if (valid.isEmpty()) {
            return true;
        }
        return valid.stream().anyMatch(mask -> matches(mask, source));
    }

    static boolean isValid(String mask) {
        try {
            parse(mask);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean matches(String mask, String source) {
        byte[] address;
        try {
            address = literal(source);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Prefix prefix = parse(mask);
        if (prefix.address.length != address.length) {
            return false;
        }
        int bits = address.length * 8;
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger netmask = all.shiftRight(prefix.length).xor(all);
        return new BigInteger(1, address).and(netmask).equals(new BigInteger(1, prefix.address).and(netmask));
    }

    private record Prefix(byte[] address, int length) {}

    private static Prefix parse(String mask) {
        if (mask == null || mask.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        int slash = mask.indexOf('/');
        byte[] address = literal(slash < 0 ? mask : mask.substring(0, slash));
        int length = address.length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(mask.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + mask);
            }
            if (length < 0 || length > address.length * 8) {
                throw new IllegalArgumentException("bad prefix length: " + mask);
            }
        }
        return new Prefix(address, length);
    }

    /** Parses an IP literal without ever resolving a host name. */
    private static byte[] literal(String text) {
        if (text.contains(":")) {
            if (!text.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an IPv6 literal: " + text);
            }
        } else {
            if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException("not an IPv4 literal: " + text);
            }
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("not an IPv4 literal: " + text);
                }
            }
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }
}
