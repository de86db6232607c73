package dk.cardoffice.batch.statements;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Amounts and dates as a Danish reader expects them: {@code kr. 1.234,50}, {@code -14,00}, {@code 6. december 2026}. */
public final class DanishFormat {

    private static final Locale DANISH = Locale.forLanguageTag("da-DK");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d. MMMM yyyy", DANISH);

    private DanishFormat() {
    }

    /** -14,00 / 1.234,50 */
    public static String amount(long ore) {
        NumberFormat format = NumberFormat.getNumberInstance(DANISH);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        // the JDK's Danish locale writes a minus sign (U+2212) in some versions: a plain hyphen for every mail client
        return format.format(BigDecimal.valueOf(ore, 2)).replace('\u2212', '-');
    }

    /** kr. 135,50 */
    public static String kroner(long ore) {
        return "kr. " + amount(ore);
    }

    public static String day(LocalDate day) {
        return DAY.format(day);
    }
}
