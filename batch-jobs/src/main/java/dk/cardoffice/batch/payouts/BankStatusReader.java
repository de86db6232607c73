package dk.cardoffice.batch.payouts;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** The report's statuses as items; a restart skips those the crashed run committed (the saved position is a count). */
public class BankStatusReader implements ItemStreamReader<BankStatus> {

    private static final String READ = "bankStatus.read";

    private final Path file;
    private Pain002Parser parser;
    private int read;

    public BankStatusReader(Path file) {
        this.file = file;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            parser = new Pain002Parser(file);
        } catch (IOException e) {
            throw new ItemStreamException("cannot open " + file, e);
        }
        int committed = context.getInt(READ, 0);
        while (read < committed && parser.next() != null) {
            read++;
        }
    }

    @Override
    public BankStatus read() {
        BankStatus status = parser.next();
        if (status != null) {
            read++;
        }
        return status;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(READ, read);
    }

    @Override
    public void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                throw new ItemStreamException("cannot close " + file, e);
            }
            parser = null;
        }
    }
}
