package dk.cardoffice.batch.support;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.DuplicateHeaderMode;

/** The dialect of the inbound ';'-separated feeds (enrolment, sales, settlement). */
public final class InboundCsv {

    /**
     * A header line first, columns looked up by name (case-insensitive, any order, extra columns
     * allowed); values trimmed; blank lines skipped; '"' quotes.
     */
    public static final CSVFormat HEADED = CSVFormat.DEFAULT.builder()
            .setDelimiter(';')
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreHeaderCase(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
            .get();

    private InboundCsv() {
    }
}
