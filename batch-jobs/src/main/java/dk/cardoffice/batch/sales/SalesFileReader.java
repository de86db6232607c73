package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams a sales file as sales: consecutive lines with the same sale_id make one {@link Sale}.
 * It reads one line ahead to see where a sale ends, so a sale is never cut at a chunk boundary.
 * On restart it skips to the first line of the first sale the crashed run had not committed:
 * the saved position is a line number, memory stays flat whatever the file size.
 */
public class SalesFileReader implements ItemStreamReader<Sale> {

    private static final String NEXT_RECORD = "sales.nextRecord";

    private final Path file;
    private final String terminalId;
    private CSVParser csv;
    private Iterator<CSVRecord> records;
    private int[] columns;
    private long lineAfterPrevious;
    private SalesLine peeked;
    /** The record number of {@link #peeked}: where a restart resumes. */
    private long peekedRecord;

    public SalesFileReader(Path file, String terminalId) {
        this.file = file;
        this.terminalId = terminalId;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            csv = SalesFileFormat.CSV.parse(SalesFileFormat.open(file));
        } catch (IOException e) {
            throw new ItemStreamException("cannot open " + file, e);
        }
        columns = SalesFileFormat.columnIndexes(csv.getHeaderMap());
        records = csv.iterator();
        lineAfterPrevious = csv.getCurrentLineNumber();
        long resumeAt = context.getLong(NEXT_RECORD, 1);
        advance();
        while (peeked != null && peekedRecord < resumeAt) {
            advance();
        }
    }

    @Override
    public Sale read() {
        if (peeked == null) {
            return null;
        }
        Sale sale = new Sale(peeked);
        advance();
        while (peeked != null && !sale.saleId().isEmpty() && peeked.saleId().equals(sale.saleId())) {
            sale.add(peeked);
            advance();
        }
        return sale;
    }

    /** Reads the next item line into {@link #peeked}; null at the trailer or the end. */
    private void advance() {
        if (!records.hasNext()) {
            peeked = null;
            return;
        }
        CSVRecord record;
        try {
            record = records.next();
        } catch (UncheckedIOException e) {
            throw new ItemStreamException("cannot read " + file, e);
        }
        long line = lineAfterPrevious + 1;
        lineAfterPrevious = csv.getCurrentLineNumber();
        if (record.get(0).startsWith(SalesFileFormat.TRAILER)) {
            peeked = null;
            return;
        }
        peeked = SalesLine.read(record, line, columns, terminalId);
        peekedRecord = record.getRecordNumber();
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(NEXT_RECORD, peeked == null ? Long.MAX_VALUE : peekedRecord);
    }

    @Override
    public void close() {
        if (csv != null) {
            try {
                csv.close();
            } catch (IOException e) {
                throw new ItemStreamException("cannot close " + file, e);
            }
            csv = null;
        }
    }
}
