package dk.cardoffice.batch.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** A UTF-8 feed file (sales, settlement), after a byte order mark if there is one; buffered for streaming. */
    public static Reader openUtf8(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 256 * 1024);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** The position of each of {@code columns} in the header (matched case-insensitively), -1 for one it lacks. */
    public static int[] columnIndexes(Map<String, Integer> header, List<String> columns) {
        int[] indexes = new int[columns.size()];
        java.util.Arrays.fill(indexes, -1);
        for (Map.Entry<String, Integer> column : header.entrySet()) {
            if (column.getKey() != null) {
                int i = columns.indexOf(column.getKey().trim().toLowerCase(Locale.ROOT));
                if (i >= 0 && indexes[i] < 0) {
                    indexes[i] = column.getValue();
                }
            }
        }
        return indexes;
    }

    /** The names of {@code columns} the header lacks (see {@link #columnIndexes}). */
    public static List<String> missing(int[] indexes, List<String> columns) {
        List<String> missing = new java.util.ArrayList<>();
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] < 0) {
                missing.add(columns.get(i));
            }
        }
        return missing;
    }
}
