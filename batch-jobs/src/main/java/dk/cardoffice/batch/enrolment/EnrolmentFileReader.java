package dk.cardoffice.batch.enrolment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams the data lines of an enrolment file (never the whole file in memory). Restartable: the
 * number of lines handed out is saved with every committed chunk, and a restart skips that many.
 */
public class EnrolmentFileReader implements ItemStreamReader<RawLine> {

    private static final String READ = "enrolment.reader.read";

    private final Path file;
    private final Charset charset;
    private Reader reader;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private long lineAfterPrevious;
    private int read;

    public EnrolmentFileReader(Path file, Charset charset) {
        this.file = file;
        this.charset = charset;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            reader = EnrolmentFileFormat.open(file, charset);
            parser = EnrolmentFileFormat.CSV.parse(reader);
            records = parser.iterator();
            lineAfterPrevious = parser.getCurrentLineNumber();
            int alreadyRead = context.getInt(READ, 0);
            while (read < alreadyRead && next() != null) {
                // skip what committed chunks already staged
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    @Override
    public RawLine read() {
        return next();
    }

    private RawLine next() {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord record = records.next();
        int line = (int) lineAfterPrevious + 1;
        lineAfterPrevious = parser.getCurrentLineNumber();
        Map<String, String> fields = new HashMap<>();
        record.toMap().forEach((column, value) -> {
            if (column != null) {
                fields.putIfAbsent(column.trim().toLowerCase(Locale.ROOT), value);
            }
        });
        read++;
        return new RawLine(line, fields);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(READ, read);
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
