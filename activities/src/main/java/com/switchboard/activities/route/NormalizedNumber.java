package com.switchboard.activities.route;

/** What a dialed number turned out to be. */
public sealed interface NormalizedNumber {

    /**
     * A public number in E.164 form ({@code +390551234567}).
     *
     * @param valid whether libphonenumber's metadata knows the number range; a number that is only
     *     of a possible length still routes (metadata lags behind new ranges) but is not accepted
     *     into the inventory
     */
    record E164(String number, boolean valid) implements NormalizedNumber {}

    /** A short PBX extension ({@code 1001}), kept exactly as dialed. */
    record Extension(String number) implements NormalizedNumber {}

    /** Not a phone number; {@code reason} says why, without echoing the input. */
    record Malformed(String reason) implements NormalizedNumber {}
}
