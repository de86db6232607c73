package dk.cardoffice.batch.finance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table of a report section, the same for its CSV and its XLSX sheet: named, typed columns and rows of values.
 * Amounts are øre ({@code long}) in an {@link Kind#AMOUNT} column; dates are {@link java.time.LocalDate}s.
 */
public final class ReportTable {

    public enum Kind { TEXT, AMOUNT, COUNT, DATE }

    public record Column(String name, Kind kind) {
    }

    /** Hands every row of a table to {@code row}, one after the other (read again from the database). */
    public interface AllRows {
        void each(java.util.function.Consumer<List<Object>> row);
    }

    private final String title;
    private final List<Column> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private AllRows allRows;

    public ReportTable(String title, Column... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    public static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    public static Column amount(String name) {
        return new Column(name, Kind.AMOUNT);
    }

    public static Column count(String name) {
        return new Column(name, Kind.COUNT);
    }

    public static Column date(String name) {
        return new Column(name, Kind.DATE);
    }

    /** A row: one value per column (null for an empty cell). */
    public ReportTable row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(title + ": " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(Arrays.asList(values));
        return this;
    }

    /**
     * A table too long to hold: {@link #rows()} keeps the first rows (and a row saying how many are left out) for the XLSX,
     * and the CSV is written from {@code all}, every row streamed. Read in the report's snapshot, both agree.
     */
    public ReportTable everyRowFrom(AllRows all) {
        this.allRows = all;
        return this;
    }

    /** Every row for the CSV: streamed when the table has {@link #everyRowFrom}, otherwise {@link #rows()}. */
    public void eachRowForCsv(java.util.function.Consumer<List<Object>> row) {
        if (allRows != null) {
            allRows.each(row);
        } else {
            rows.forEach(row);
        }
    }

    public String title() {
        return title;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return rows;
    }
}
