package dk.cardoffice.batch.settlement;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;

import dk.cardoffice.batch.support.InboundCsv;

/** The acquirer settlement file as contract §5 defines it: name, encoding, dialect, columns, trailer. */
public final class SettlementFileFormat {

    public static final Pattern FILE_NAME = Pattern.compile("settlement_(WORLDLINE|NETS)_(\\d{8})\\.csv");
    public static final String TRAILER = "#TRAILER";

    public static final List<String> COLUMNS = List.of("settlement_date", "payout_reference", "transaction_id", "order_id", "transaction_time",
            "card_brand", "type", "amount", "fee", "currency");

    /** Header by name, case-insensitive; values trimmed; blank lines skipped. */
    public static final CSVFormat CSV = InboundCsv.HEADED;

    private SettlementFileFormat() {
    }

    /** The acquirer in a well-formed file name (WORLDLINE or NETS), or null. */
    public static String acquirerOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }

    public static Reader open(Path file) throws IOException {
        return InboundCsv.openUtf8(file);
    }

    static int[] columnIndexes(java.util.Map<String, Integer> header) {
        return InboundCsv.columnIndexes(header, COLUMNS);
    }
}
