package dk.cardoffice.ledger.card;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * Card numbers: 8 characters from 0-9A-Z, the last a check character (contract §3).
 *
 * <p>The check is ISO 7064 MOD 37-2: each data character's value (0-35) is weighted by a power of
 * two modulo the prime 37. Because 37 is prime and every weight is non-zero and differs from its
 * neighbour's, any single wrong character and any swap of two neighbours changes the sum modulo 37,
 * so every such error is detected. MOD 37-2 needs a 37th check symbol ('*') for one data value in
 * 37; cardoffice simply never issues those numbers, so printed numbers stay within 0-9A-Z.
 *
 * <p>Data parts are a bijective scramble of a database sequence number, so numbers are unique and
 * never reused yet not guessable by counting.
 */
public final class CardNumbers {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int DATA_LENGTH = 7;
    private static final long SPACE = 78_364_164_096L; // 36^7
    // multiplier and offset of the scramble; the multiplier is coprime with 36, so n -> m is a bijection on [0, 36^7)
    private static final long MULTIPLIER = 40_692_366_781L;
    private static final long OFFSET = 11_717_651_983L;

    private CardNumbers() {
    }

    /** Upper-cases and removes spaces, as the contract says input of a card number is read. */
    public static String normalise(String input) {
        return input == null ? "" : input.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** True when the (normalised) text is 8 characters of 0-9A-Z whose check character matches. */
    public static boolean isValid(String input) {
        String number = normalise(input);
        if (number.length() != DATA_LENGTH + 1) {
            return false;
        }
        for (int i = 0; i < number.length(); i++) {
            if (ALPHABET.indexOf(number.charAt(i)) < 0) {
                return false;
            }
        }
        int check = checkValue(number.substring(0, DATA_LENGTH));
        return check < ALPHABET.length() && ALPHABET.charAt(check) == number.charAt(DATA_LENGTH);
    }

    /**
     * The card number for sequence value {@code n}, or empty when its check value would be the
     * 37th symbol (the caller then takes the next sequence value).
     */
    public static Optional<String> fromSequence(long n) {
        if (n < 0 || n >= SPACE) {
            throw new IllegalArgumentException("card number sequence exhausted at " + n);
        }
        long scrambled = (mulMod(n, MULTIPLIER) + OFFSET) % SPACE;
        char[] data = new char[DATA_LENGTH];
        for (int i = DATA_LENGTH - 1; i >= 0; i--) {
            data[i] = ALPHABET.charAt((int) (scrambled % 36));
            scrambled /= 36;
        }
        String dataPart = new String(data);
        int check = checkValue(dataPart);
        return check == ALPHABET.length() ? Optional.empty() : Optional.of(dataPart + ALPHABET.charAt(check));
    }

    /** ISO 7064 MOD 37-2, recursive method: the check value 0-36 for the data characters. */
    static int checkValue(String data) {
        int p = 0;
        for (int i = 0; i < data.length(); i++) {
            p = ((p + ALPHABET.indexOf(data.charAt(i))) * 2) % 37;
        }
        return (38 - p) % 37;
    }

    private static long mulMod(long a, long b) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(SPACE)).longValueExact();
    }
}
