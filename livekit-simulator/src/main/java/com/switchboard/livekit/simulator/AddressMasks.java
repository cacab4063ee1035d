package com.switchboard.livekit.simulator;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.List;
import java.util.Objects;

/**
 * LiveKit SIP's source check of an inbound trunk: an IP or CIDR list; invalid entries are ignored,
 * and a list with no valid entry lets everyone in. A CIDR with host bits set matches its network.
 */
final class AddressMasks {
    /** Literals and CIDRs only: no host names, ranges, wildcards, masks or inet_aton forms. */
    private static final IPAddressStringParameters LITERALS = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false)
            .toParams();

    private AddressMasks() {}

    static boolean allows(List<String> masks, String source) {
        List<IPAddress> valid =
                masks.stream().map(AddressMasks::parse).filter(Objects::nonNull).toList();
        if (valid.isEmpty()) {
            return true;
        }
        IPAddress address = parse(source);
        return address != null
                && address.getNetworkPrefixLength() == null
                && valid.stream().anyMatch(mask -> mask.toPrefixBlock().contains(address));
    }

    /** The mask, or null if LiveKit would ignore it. */
    private static IPAddress parse(String text) {
        return text == null ? null : new IPAddressString(text, LITERALS).getAddress();
    }
}
