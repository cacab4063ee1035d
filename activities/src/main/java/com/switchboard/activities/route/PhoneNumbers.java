package com.switchboard.activities.route;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a dialed number, in whatever form a PBX or LiveKit hands it over, into the one form the
 * inventory stores: E.164 for public numbers, the bare digits for short PBX extensions.
 *
 * <p>National numbers ({@code 055 1234567}) and the international prefix ({@code 0039...}) are read
 * in the default region, the country the PBX dials from. {@code tel:} and {@code sip:} URIs are
 * reduced to their user part, because LiveKit and PBXs pass either.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Longer than any number written out with separators and a SIP host; anything past it is junk. */
    private static final int MAX_INPUT_CHARS = 256;

    private static final Pattern DIALABLE = Pattern.compile("\\+?\\(?[0-9][0-9 ()./-]*");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");
    private static final Pattern STORED_E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 code of the country the PBX dials from, e.g. "IT" */
    public PhoneNumbers(String defaultRegion) {
        String region = defaultRegion == null ? "" : defaultRegion.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("not a region libphonenumber knows: " + defaultRegion);
        }
        this.defaultRegion = region;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** Reads a dialed number; never throws. */
    public NormalizedNumber normalize(String dialed) {
        if (dialed == null || dialed.isBlank()) {
            return new NormalizedNumber.Malformed("empty");
        }
        if (dialed.length() > MAX_INPUT_CHARS) {
            return new NormalizedNumber.Malformed("longer than " + MAX_INPUT_CHARS + " characters");
        }
        String candidate = userPart(dialed.strip());
        if (candidate == null) {
            return new NormalizedNumber.Malformed("not a tel: or sip: URI with a number in it");
        }
        if (!DIALABLE.matcher(candidate).matches()) {
            return new NormalizedNumber.Malformed("contains characters that are not part of a phone number");
        }
        if (EXTENSION.matcher(candidate).matches() && !candidate.startsWith("00") && !isValidNational(candidate)) {
            return new NormalizedNumber.Extension(candidate);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(candidate, defaultRegion);
        } catch (NumberParseException e) {
            return new NormalizedNumber.Malformed(describe(e.getErrorType()));
        }
        ValidationResult possible = UTIL.isPossibleNumberWithReason(number);
        if (possible != ValidationResult.IS_POSSIBLE) {
            return new NormalizedNumber.Malformed(describe(possible));
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (!STORED_E164.matcher(e164).matches()) {
            return new NormalizedNumber.Malformed("has no E.164 form");
        }
        return new NormalizedNumber.E164(e164, UTIL.isValidNumber(number));
    }

    /**
     * The form to store in the inventory. Stricter than routing: a public number must be valid by
     * libphonenumber's metadata, so that a typo does not become a number nobody can ever call.
     */
    public String forInventory(String dialed) {
        return switch (normalize(dialed)) {
            case NormalizedNumber.E164 e164 when e164.valid() -> e164.number();
            case NormalizedNumber.E164 e164 ->
                throw new MalformedNumberException(
                        e164.number() + " is not a valid number by the numbering plan of its country");
            case NormalizedNumber.Extension extension -> extension.number();
            case NormalizedNumber.Malformed malformed -> throw new MalformedNumberException(malformed.reason());
        };
    }

    /**
     * The number inside a tel:/sip:/sips: URI (its user part, without parameters), or the input
     * itself when it is no URI; null when a URI holds no user part.
     */
    private static String userPart(String dialed) {
        String text = dialed;
        if (text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String user;
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            String rest = text.substring(text.indexOf(':') + 1);
            int at = rest.indexOf('@');
            user = at >= 0 ? rest.substring(0, at) : rest;
        } else if (lower.startsWith("tel:")) {
            user = text.substring(4);
        } else {
            return text;
        }
        // tel:+39...;phone-context=... and sip:+39...;user=phone@host carry parameters after ';'.
        int semicolon = user.indexOf(';');
        if (semicolon >= 0) {
            user = user.substring(0, semicolon);
        }
        // A '+' in a URI user part is sometimes percent-encoded; nothing else a number needs is.
        user = user.replace("%2B", "+").replace("%2b", "+").replace("%20", " ");
        return user.isBlank() ? null : user.strip();
    }

    private boolean isValidNational(String digits) {
        try {
            return UTIL.isValidNumber(UTIL.parse(digits, defaultRegion));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static String describe(NumberParseException.ErrorType error) {
        return switch (error) {
            case INVALID_COUNTRY_CODE -> "has no valid country code";
            case NOT_A_NUMBER -> "is not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short";
            case TOO_LONG -> "is too long";
        };
    }

    private static String describe(ValidationResult result) {
        return switch (result) {
            case IS_POSSIBLE -> "is possible";
            case IS_POSSIBLE_LOCAL_ONLY -> "lacks an area code";
            case INVALID_COUNTRY_CODE -> "has no valid country code";
            case TOO_SHORT -> "is too short";
            case INVALID_LENGTH -> "has a length no number of its country has";
            case TOO_LONG -> "is too long";
        };
    }
}
