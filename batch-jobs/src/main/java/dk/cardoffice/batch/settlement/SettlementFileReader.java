package dk.cardoffice.batch.settlement;

import java.nio.file.Path;
import java.util.Iterator;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams the lines of a settlement file the check step accepted, up to the trailer. Restartable by
 * line count (Spring Batch keeps how many lines the committed chunks took); memory stays flat whatever
 * the file size.
 */
public class SettlementFileReader extends AbstractItemCountingItemStreamItemReader<SettlementLine> {

    private final Path file;
    private final String acquirer;
    private CSVParser csv;
    private Iterator<CSVRecord> records;
    private int[] columns;
    private long lineAfterPrevious;

    public SettlementFileReader(Path file) {
        this.file = file;
        this.acquirer = SettlementFileFormat.acquirerOf(file.getFileName().toString());
        setName("settlementFileReader");
    }

    @Override
    protected void doOpen() throws Exception {
        csv = SettlementFileFormat.CSV.parse(SettlementFileFormat.open(file));
        columns = SettlementFileFormat.columnIndexes(csv.getHeaderMap());
        records = csv.iterator();
        lineAfterPrevious = csv.getCurrentLineNumber();
    }

    @Override
    protected SettlementLine doRead() {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord record = records.next();
        long line = lineAfterPrevious + 1;
        lineAfterPrevious = csv.getCurrentLineNumber();
        if (record.get(0).startsWith(SettlementFileFormat.TRAILER)) {
            return null;
        }
        SettlementLine read = SettlementLine.read(record, line, columns, acquirer);
        if (!read.problems().isEmpty()) {
            // the check step read the same bytes and found nothing: the file changed under the job
            throw new IllegalStateException("line " + line + " of " + file + " is not what the file check accepted: " + read.problems());
        }
        return read;
    }

    @Override
    protected void doClose() throws Exception {
        if (csv != null) {
            csv.close();
            csv = null;
        }
    }
}
