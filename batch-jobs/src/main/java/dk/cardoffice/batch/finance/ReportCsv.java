package dk.cardoffice.batch.finance;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;

import dk.cardoffice.batch.support.OutboxFiles;
import dk.cardoffice.ledger.Money;

/**
 * A report as finance opens it in Excel: UTF-8 with a byte order mark (so Excel reads æøå right), ';'-separated,
 * amounts in DKK with '.' and two decimals, and every text cell that Excel would take for a formula (beginning with
 * =, +, -, @, a tab or a carriage return) neutralised with a leading apostrophe. Amounts and counts are written as the
 * numbers they are (a negative amount keeps its '-'): only text that came from outside can carry a formula.
 */
final class ReportCsv {

    private static final char BOM = '\uFEFF';

    private ReportCsv() {
    }

    /** A section: its tables one after another, each with its header, an empty line between them; every row of each. */
    static void write(Path target, ReportSection section) {
        write(target, csv -> {
            boolean first = true;
            for (ReportTable table : section.tables()) {
                if (!first) {
                    csv.println();
                }
                first = false;
                csv.printRecord(table.columns().stream().map(ReportTable.Column::name).toList());
                table.eachRowForCsv(row -> {
                    try {
                        csv.printRecord(cells(table, row));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        });
    }

    /** Writes through the outbox's tmp file and rename, with the byte order mark first. */
    static void write(Path target, OutboxFiles.CsvBody body) {
        try (Writer out = new OutputStreamWriter(OutboxFiles.openTmp(target), StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, OutboxFiles.SEMICOLON_CSV)) {
            out.write(BOM);
            body.printTo(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
        OutboxFiles.publish(target);
    }

    private static List<String> cells(ReportTable table, List<Object> row) {
        java.util.ArrayList<String> cells = new java.util.ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            cells.add(value == null ? "" : switch (table.columns().get(i).kind()) {
                case AMOUNT -> Money.formatDkk((Long) value);
                case COUNT, DATE -> value.toString();
                case TEXT -> text(value.toString());
            });
        }
        return cells;
    }

    /** Text as Excel will not run it: a cell that would start a formula gets a leading apostrophe. */
    static String text(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
