package dk.cardoffice.ledger.member;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A Danish CPR number: 10 digits (DDMMYY-SSSS accepted on input) whose first six are a real date.
 * No modulus-11 check: numbers issued since 2007 need not pass it.
 *
 * <p>{@link #toString()} is masked on purpose, so a CPR that reaches a log line by accident shows
 * only the date part. The clear digits are available through {@link #digits()} for hashing only.
 */
public final class Cpr {

    private final String digits;

    private Cpr(String digits) {
        this.digits = digits;
    }

    /**
     * @throws IllegalArgumentException with a reason that does not repeat the number
     */
    public static Cpr parse(String input) {
        if (input == null) {
            throw new IllegalArgumentException("CPR is missing");
        }
        String text = input.trim();
        if (text.length() == 11 && text.charAt(6) == '-') {
            text = text.substring(0, 6) + text.substring(7);
        }
        if (!text.matches("\\d{10}")) {
            throw new IllegalArgumentException("CPR must be 10 digits (DDMMYYSSSS or DDMMYY-SSSS)");
        }
        birthDate(text); // throws when the first six digits are no real date
        return new Cpr(text);
    }

    /** The birth date, with the century read from the 7th digit as the CPR office assigns it. */
    static LocalDate birthDate(String digits) {
        int day = Integer.parseInt(digits.substring(0, 2));
        int month = Integer.parseInt(digits.substring(2, 4));
        int yy = Integer.parseInt(digits.substring(4, 6));
        int centuryDigit = digits.charAt(6) - '0';
        int century;
        if (centuryDigit <= 3) {
            century = 1900;
        } else if (centuryDigit == 4 || centuryDigit == 9) {
            century = yy <= 36 ? 2000 : 1900;
        } else {
            century = yy <= 57 ? 2000 : 1800;
        }
        try {
            return LocalDate.of(century + yy, month, day);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("CPR does not start with a real date (DDMMYY)");
        }
    }

    public LocalDate birthDate() {
        return birthDate(digits);
    }

    /** The ten digits. Only for hashing: never log, show or store them. */
    public String digits() {
        return digits;
    }

    /** DDMMYY-xxxx, the only form that is ever shown. */
    public String masked() {
        return digits.substring(0, 6) + "-xxxx";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cpr cpr && cpr.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
