package dk.cardoffice.batch.support;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Outbound files appear complete or not at all: written as {@code NAME.tmp}, forced to disk, then
 * renamed atomically (contract §1). A reader of the outbox never sees half a file.
 */
public final class OutboxFiles {

    /** The CSV dialect of every feed: ';'-separated, '"' quotes, CRLF line ends (RFC 4180). */
    public static final CSVFormat SEMICOLON_CSV = CSVFormat.DEFAULT.builder().setDelimiter(';').get();

    private OutboxFiles() {
    }

    /** The receipt of an inbound file: its name without .csv, then .receipt.csv (contract §2, §4). */
    public static String receiptName(String fileName) {
        String stem = fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return stem + ".receipt.csv";
    }

    /** What a receipt writer prints between the header and the end of the file. */
    @FunctionalInterface
    public interface CsvBody {
        void printTo(CSVPrinter csv) throws IOException;
    }

    /**
     * Writes a ';'-separated UTF-8 file to the outbox as others may read it: header and body into the
     * tmp file, forced to disk, then renamed into place, so nobody ever sees half a file.
     */
    public static void writeCsv(Path target, String[] header, CsvBody body) {
        try (Writer out = new OutputStreamWriter(openTmp(target), StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(out, SEMICOLON_CSV)) {
            csv.printRecord((Object[]) header);
            body.printTo(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        sync(target);
        publish(target);
    }

    public static Path tmpFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /** Opens (truncating) the tmp file of {@code target} for writing. */
    public static OutputStream openTmp(Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.newOutputStream(tmpFor(target), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces the tmp file to disk, so that after the rename the content survives a power cut. */
    public static void sync(Path target) {
        try (FileChannel channel = FileChannel.open(tmpFor(target), StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames the tmp file to its final name, if it is still there; true when it was. */
    public static boolean publish(Path target) {
        Path tmp = tmpFor(target);
        if (!Files.exists(tmp)) {
            return false;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
    }
}
