package dk.cardoffice.batch.payouts;

/** An IBAN's check digits (ISO 13616, mod 97): a mistyped debtor account is refused before any file is made. */
public final class Iban {

    private Iban() {
    }

    public static boolean isValid(String iban) {
        if (iban == null) {
            return false;
        }
        String compact = iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (compact.length() < 15 || compact.length() > 34 || !compact.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]+")) {
            return false;
        }
        if (compact.startsWith("DK") && compact.length() != 18) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
