package dk.cardoffice.batch.finance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The business day a finance report is about, in Copenhagen time: a movement belongs to the day it is booked on (a
 * sale at its sale time), the day runs from {@code start} (inclusive) to {@code end} (exclusive), and month to date
 * runs from {@code monthStart}.
 */
public record ReportDay(LocalDate date, Instant start, Instant end, Instant monthStart) {

    public static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    public static ReportDay of(LocalDate date) {
        return new ReportDay(date, date.atStartOfDay(COPENHAGEN).toInstant(), date.plusDays(1).atStartOfDay(COPENHAGEN).toInstant(),
                date.withDayOfMonth(1).atStartOfDay(COPENHAGEN).toInstant());
    }
}
