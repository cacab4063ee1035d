package com.switchboard.server.provisioning;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses allowed to send INVITEs to the trunk. LiveKit silently ignores invalid entries and
 * treats an empty list as "everyone", so a typo would open the trunk to the internet: every entry is
 * checked here, and "everyone" must be asked for explicitly.
 *
 * @param entries normalized IPs and CIDRs, in configuration order; empty only when any source is
 *     allowed
 */
record SourceAllowlist(List<Entry> entries) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");
    /** One address literal, no prefix: the prefix length and its leading zeros are checked here. */
    private static final IPAddressStringParameters LITERALS = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefix(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false)
            .toParams();

    /** One allowed source: an IP address or CIDR, as configured. */
    record Entry(String text, boolean ipv6) {}

    SourceAllowlist {
        entries = List.copyOf(entries);
    }

    static SourceAllowlist of(List<String> configured, boolean allowAnySource) {
        List<String> problems = new ArrayList<>();
        LinkedHashSet<Entry> entries = new LinkedHashSet<>();
        for (String raw : configured) {
            String entry = raw == null ? "" : raw.strip();
            try {
                Entry parsed = parse(entry);
                if (parsed.text().endsWith("/0") && !allowAnySource) {
                    problems.add(entry + " allows every source; use --allow-any-source if that is really meant");
                } else {
                    entries.add(parsed);
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (configured.isEmpty() && !allowAnySource) {
            problems.add("no PBX address configured (switchboard.provisioning.pbx-addresses): LiveKit would"
                    + " accept INVITEs from anyone; configure the PBX's IPs/CIDRs or pass --allow-any-source");
        }
        if (!problems.isEmpty()) {
            throw new ProvisioningRefused(problems);
        }
        return new SourceAllowlist(List.copyOf(entries));
    }

    boolean anySource() {
        return entries.isEmpty();
    }

    List<String> texts() {
        return entries.stream().map(Entry::text).toList();
    }

    List<String> ipv4() {
        return entries.stream().filter(e -> !e.ipv6()).map(Entry::text).toList();
    }

    List<String> ipv6() {
        return entries.stream().filter(Entry::ipv6).map(Entry::text).toList();
    }

    private static Entry parse(String entry) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("an empty PBX address entry");
        }
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        boolean ipv6;
        if (IPV4.matcher(address).matches()) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException(entry + " is not an IPv4 address");
                }
                if (part.length() > 1 && part.startsWith("0")) {
                    // nft reads 010 as octal (8), LiveKit refuses it and then ignores the entry.
                    throw new IllegalArgumentException(entry + " has a leading zero in " + part
                            + ", which nftables reads as an octal number: write the address without it");
                }
            }
            ipv6 = false;
        } else if (IPV6.matcher(address).matches()) {
            ipv6 = true;
        } else {
            throw new IllegalArgumentException(entry + " is not an IP address or CIDR (host names are not accepted:"
                    + " LiveKit would compare them with the From header's host, which a caller chooses)");
        }
        IPAddress parsed = new IPAddressString(address, LITERALS).getAddress();
        if (parsed == null) {
            throw new IllegalArgumentException(entry + " is not an IP address");
        }
        if (ipv6 && parsed.toIPv6().isIPv4Mapped()) {
            // An IPv4 address in IPv6 clothing: nft's IPv6 set would hold it, where no IPv4 packet looks.
            throw new IllegalArgumentException(entry + " mixes IPv4 and IPv6 notation");
        }
        int bits = parsed.getBitCount();
        if (slash < 0) {
            return new Entry(entry, ipv6);
        }
        String prefix = entry.substring(slash + 1);
        if (!PREFIX_LENGTH.matcher(prefix).matches()) {
            // A leading zero, again: nft reads /024 as /20.
            throw new IllegalArgumentException(
                    entry + " has no valid prefix length (a decimal number 0.." + bits + " without leading zeros)");
        }
        int length = Integer.parseInt(prefix);
        if (length > bits) {
            throw new IllegalArgumentException(entry + " has a prefix length outside 0.." + bits);
        }
        if (!parsed.isZeroHost(length)) {
            // nft and LiveKit would both widen it to the whole network; the operator may have meant one host.
            IPAddress network = parsed.toZeroHost(length).withoutPrefixLength();
            throw new IllegalArgumentException(entry + " has host bits set: write " + address + " for that host or "
                    + network.toCompressedString() + "/" + length + " for the network");
        }
        return new Entry(entry, ipv6);
    }
}
