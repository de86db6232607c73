package dk.cardoffice.batch.payouts;

import java.util.Map;

/** The bank's reason codes (ISO 20022 external status reason codes) in the words a parent reads. */
public final class BankStatusReasons {

    private static final Map<String, String> DANISH = Map.of(
            "AC01", "kontonummeret er forkert",
            "AC04", "kontoen er lukket",
            "AC06", "kontoen er spærret",
            "AG01", "kontoen kan ikke modtage denne type overførsel",
            "AM04", "der var ikke dækning på afsenderkontoen",
            "AM05", "overførslen er sendt to gange (dublet)",
            "BE05", "banken kender ikke afsenderen af overførslen",
            "MS03", "banken har afvist overførslen uden at oplyse årsagen",
            "NARR", "se bankens forklaring");

    private BankStatusReasons() {
    }

    /** The code's meaning in Danish; the bank's own words added for NARR (or whenever it gives some). */
    public static String danish(String code, String bankText) {
        String words = code == null ? "banken har ikke oplyst en årsag" : DANISH.getOrDefault(code, "banken har afvist overførslen med koden " + code);
        if (bankText != null && !bankText.isBlank()) {
            words += ": " + bankText.strip();
        }
        return words.length() <= 300 ? words : words.substring(0, 299) + "…";
    }
}
