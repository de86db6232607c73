package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.support.InboundCsv;
import dk.cardoffice.ledger.Money;

/**
 * Step 1 of sales-posting: is the file complete? It streams the whole file before anything is
 * posted: the name, the header, and the trailer — present, last, and agreeing with the item lines
 * in count and in Σ quantity × unit price (SALE lines minus REFUND lines). A file that fails goes
 * to error/sales/ as a whole (exit code REJECTED, the reason in the exit description).
 */
public class SalesFileCheck implements Tasklet {

    static final String TERMINAL_ID = "sales.terminalId";

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        Path file = Path.of(stepExecution.getJobParameters().getString("file"));
        String problem = check(file);
        if (problem != null) {
            InboundFileListener.reject(contribution, problem);
            return RepeatStatus.FINISHED;
        }
        stepExecution.getJobExecution().getExecutionContext().putString(TERMINAL_ID, SalesFileFormat.terminalOf(file.getFileName().toString()));
        return RepeatStatus.FINISHED;
    }

    /** Why the file cannot be posted at all, or null when it can. */
    String check(Path file) {
        String name = file.getFileName().toString();
        String terminalId = SalesFileFormat.terminalOf(name);
        if (terminalId == null) {
            return "wrong file name '" + name + "': expected sales_<terminal id>_<yyyyMMddHHmmss>.csv";
        }
        if (terminalId.length() > 40) {
            return "the terminal id in the file name is longer than 40 characters";
        }
        try {
            if (Files.size(file) == 0) {
                return "the file is empty: the first line must be the header";
            }
        } catch (IOException e) {
            return "the file cannot be read";
        }
        try (Reader reader = SalesFileFormat.open(file); CSVParser csv = SalesFileFormat.CSV.parse(reader)) {
            Map<String, Integer> header = csv.getHeaderMap();
            int[] columns = SalesFileFormat.columnIndexes(header);
            List<String> missing = InboundCsv.missing(columns, SalesFileFormat.COLUMNS);
            if (!missing.isEmpty()) {
                return "the header lacks the column(s) " + String.join(", ", missing) + " (is the first line the header, separated by ';'?)";
            }
            long items = 0;
            long sum = 0;
            long[] unreadable = {0};
            String trailer = null;
            long trailerLine = 0;
            long lineAfterPrevious = csv.getCurrentLineNumber();
            for (CSVRecord record : csv) {
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = csv.getCurrentLineNumber();
                if (trailer != null) {
                    return "line " + line + " follows the trailer on line " + trailerLine + ": the trailer must be the last line";
                }
                if (record.get(0).startsWith(SalesFileFormat.TRAILER)) {
                    trailer = String.join(";", record.toList());
                    trailerLine = line;
                    continue;
                }
                items++;
                try {
                    sum = Math.addExact(sum, SalesLine.trailerAmount(record, columns, unreadable));
                } catch (ArithmeticException e) {
                    return "line " + line + ": the item lines' amounts add up to more than any amount cardoffice can hold;"
                            + " the file is not a real sales file and nothing of it was posted";
                }
            }
            if (trailer == null) {
                return "the file has no trailer line (#TRAILER;<item lines>;<amount>): it is incomplete and nothing of it was posted";
            }
            String[] parts = trailer.split(";");
            if (parts.length != 3 || !parts[0].equals(SalesFileFormat.TRAILER)) {
                return "line " + trailerLine + ": the trailer must be #TRAILER;<number of item lines>;<amount>, not '" + trailer + "'";
            }
            long trailerCount;
            long trailerSum;
            try {
                trailerCount = Long.parseLong(parts[1].trim());
                trailerSum = Money.parseDkk(parts[2].trim());
            } catch (IllegalArgumentException e) {
                return "line " + trailerLine + ": the trailer must be #TRAILER;<number of item lines>;<amount>, not '" + trailer + "'";
            }
            if (trailerCount != items) {
                return "the trailer says " + trailerCount + " item lines but the file has " + items + ": it is incomplete and nothing of it was posted";
            }
            if (trailerSum != sum) {
                return "the trailer's amount " + Money.formatDkk(trailerSum) + " DKK does not match the item lines' " + Money.formatDkk(sum) + " DKK"
                        + (unreadable[0] > 0 ? " (" + unreadable[0] + " line(s) with an unreadable quantity or price count as 0)" : "")
                        + ": nothing of the file was posted";
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            return "the file is not readable as ';'-separated CSV: " + e.getMessage();
        }
    }
}
