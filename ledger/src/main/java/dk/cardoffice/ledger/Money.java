package dk.cardoffice.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Money is a {@code long} number of øre, DKK only. This class converts between øre and the
 * decimal texts the feeds and APIs use ("200.00", "3,50", "14").
 */
public final class Money {

    private static final Pattern AMOUNT = Pattern.compile("-?\\d{1,15}(\\.\\d{1,2})?");

    private Money() {
    }

    /**
     * Parses a DKK amount with '.' or ',' as decimal mark and at most two decimals.
     *
     * @throws IllegalArgumentException with a message a person can act on
     */
    public static long parseDkk(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("amount is empty");
        }
        String normalised = text.trim().replace(',', '.');
        if (!AMOUNT.matcher(normalised).matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not an amount in DKK with at most 2 decimals");
        }
        return new BigDecimal(normalised).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    /** Formats øre as DKK with '.' and exactly two decimals: 1400 → "14.00", -5 → "-0.05". */
    public static String formatDkk(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }
}
