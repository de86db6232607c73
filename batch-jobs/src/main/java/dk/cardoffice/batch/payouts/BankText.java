package dk.cardoffice.batch.payouts;

import java.text.Normalizer;

/**
 * Text for the bank: the characters Danish banks accept in a pain.001 (the ISO 20022 Latin set plus æøåÆØÅ:
 * letters, digits, space and {@code / - ? : ( ) . , ' +}). Accented letters lose their accent (é → e, ü → u),
 * ß becomes ss, anything else becomes a space; runs of spaces are one; at most {@code max} characters.
 */
public final class BankText {

    private static final String ALLOWED_MARKS = "/-?:().,'+ ";

    private BankText() {
    }

    public static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isAllowed(c)) {
                out.append(c);
            } else if (c == 'ß') {
                out.append("ss");
            } else {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                out.append(base.length() == 1 && isAllowed(base.charAt(0)) ? base : " ");
            }
        }
        String collapsed = out.toString().replaceAll(" {2,}", " ").strip();
        return collapsed.length() <= max ? collapsed : collapsed.substring(0, max).strip();
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "æøåÆØÅ".indexOf(c) >= 0
                || ALLOWED_MARKS.indexOf(c) >= 0;
    }
}
