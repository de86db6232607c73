package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;

import dk.cardoffice.batch.support.InboundCsv;

/** The POS terminal sales file as contract §4 defines it: name, encoding, dialect, columns, trailer. */
public final class SalesFileFormat {

    /** The terminal id may not contain ':' (the ledger key is terminal_id:sale_id) or a path separator. */
    public static final Pattern FILE_NAME = Pattern.compile("sales_([^:/\\\\]+)_(\\d{14})\\.csv");
    public static final String TRAILER = "#TRAILER";

    public static final List<String> COLUMNS = List.of("terminal_id", "institution_no", "sale_id", "sold_at", "card_number", "type",
            "item_code", "item_name", "quantity", "unit_price");

    /** Header by name, case-insensitive; values trimmed; blank lines skipped. */
    public static final CSVFormat CSV = InboundCsv.HEADED;

    private SalesFileFormat() {
    }

    /** The terminal id in a well-formed file name, or null. */
    public static String terminalOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }

    /** UTF-8 (contract §4), after a byte order mark if there is one. */
    public static Reader open(Path file) throws IOException {
        return InboundCsv.openUtf8(file);
    }

    /** Column positions by name, or -1 for a column the header lacks. */
    static int[] columnIndexes(Map<String, Integer> header) {
        return InboundCsv.columnIndexes(header, COLUMNS);
    }
}
