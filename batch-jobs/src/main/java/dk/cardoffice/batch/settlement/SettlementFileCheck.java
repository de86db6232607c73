package dk.cardoffice.batch.settlement;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * Step 1 of settlement-reconciliation: can the file be reconciled at all? It streams the whole file
 * before anything is posted: the name, the header, every line on its own, and the trailer — present, last,
 * and agreeing with the lines in count, signed amount, fees and net payout. A settlement file is one payout
 * advice, so a single bad line rejects the whole file (to error/settlement/, every bad line listed with its
 * number): the acquirer sends a corrected file, and nothing of the wrong one was posted.
 */
public class SettlementFileCheck implements Tasklet {

    /** The bad lines named in the reason; a file broken throughout would otherwise give a reason as long as itself. */
    private static final int MAX_PROBLEMS = 20;

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        Path file = Path.of(stepExecution.getJobParameters().getString("file"));
        String problem = check(file);
        if (problem != null) {
            InboundFileListener.reject(contribution, problem);
        }
        return RepeatStatus.FINISHED;
    }

    /** Why the file cannot be reconciled at all, or null when it can. */
    String check(Path file) {
        String name = file.getFileName().toString();
        String acquirer = SettlementFileFormat.acquirerOf(name);
        if (acquirer == null) {
            return "wrong file name '" + name + "': expected settlement_<WORLDLINE|NETS>_<yyyyMMdd>.csv";
        }
        try {
            if (Files.size(file) == 0) {
                return "the file is empty: the first line must be the header";
            }
        } catch (IOException e) {
            return "the file cannot be read";
        }
        try (Reader reader = SettlementFileFormat.open(file); CSVParser csv = SettlementFileFormat.CSV.parse(reader)) {
            int[] columns = SettlementFileFormat.columnIndexes(csv.getHeaderMap());
            List<String> missing = InboundCsv.missing(columns, SettlementFileFormat.COLUMNS);
            if (!missing.isEmpty()) {
                return "the header lacks the column(s) " + String.join(", ", missing) + " (is the first line the header, separated by ';'?)";
            }
            long lines = 0;
            long signed = 0;
            long fees = 0;
            List<String> problems = new ArrayList<>();
            long badLines = 0;
            String trailer = null;
            long trailerLine = 0;
            long lineAfterPrevious = csv.getCurrentLineNumber();
            for (CSVRecord record : csv) {
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = csv.getCurrentLineNumber();
                if (trailer != null) {
                    return "line " + line + " follows the trailer on line " + trailerLine + ": the trailer must be the last line";
                }
                if (record.get(0).startsWith(SettlementFileFormat.TRAILER)) {
                    trailer = String.join(";", record.toList());
                    trailerLine = line;
                    continue;
                }
                lines++;
                SettlementLine read = SettlementLine.read(record, line, columns, acquirer);
                try {
                    long[] amounts = read.problems().isEmpty() ? new long[] {read.signedOre(), read.feeOre()}
                            : SettlementLine.trailerAmounts(record, columns); // what the bad line adds, as far as readable
                    signed = Math.addExact(signed, amounts[0]);
                    fees = Math.addExact(fees, amounts[1]);
                } catch (ArithmeticException e) {
                    return "line " + line + ": the amounts add up to more than any amount cardoffice can hold;"
                            + " the file is not a real settlement file and nothing of it was posted";
                }
                if (!read.problems().isEmpty()) {
                    badLines++;
                    if (problems.size() < MAX_PROBLEMS) {
                        problems.add("line " + line + ": " + String.join("; ", read.problems()));
                    }
                }
            }
            if (trailer == null) {
                return "the file has no trailer line (#TRAILER;<lines>;<amount>;<fees>;<net payout>): it is incomplete and nothing of it was posted";
            }
            if (badLines > 0) {
                return badLines + " line(s) cannot be reconciled, so nothing of the file was posted (a settlement file is one payout:"
                        + " send it again corrected): " + String.join(" | ", problems) + (badLines > problems.size() ? " | …" : "");
            }
            return trailerProblem(trailer, trailerLine, lines, signed, fees);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            return "the file is not readable as ';'-separated CSV: " + e.getMessage();
        }
    }

    private static String trailerProblem(String trailer, long trailerLine, long lines, long signed, long fees) {
        String[] parts = trailer.split(";", -1);
        String form = "line " + trailerLine + ": the trailer must be #TRAILER;<lines>;<amount>;<fees>;<net payout>, not '" + trailer + "'";
        if (parts.length != 5 || !parts[0].equals(SettlementFileFormat.TRAILER)) {
            return form;
        }
        long count;
        long[] sums = new long[3];
        try {
            count = Long.parseLong(parts[1].trim());
            for (int i = 0; i < 3; i++) {
                sums[i] = Money.parseDkk(parts[i + 2].trim());
            }
        } catch (IllegalArgumentException e) {
            return form;
        }
        if (count != lines) {
            return "the trailer says " + count + " lines but the file has " + lines + ": it is incomplete and nothing of it was posted";
        }
        if (sums[0] != signed) {
            return "the trailer's amount " + Money.formatDkk(sums[0]) + " DKK does not match the lines' " + Money.formatDkk(signed)
                    + " DKK (CAPTURE minus REFUND and CHARGEBACK): nothing of the file was posted";
        }
        if (sums[1] != fees) {
            return "the trailer's fees " + Money.formatDkk(sums[1]) + " DKK do not match the lines' " + Money.formatDkk(fees)
                    + " DKK: nothing of the file was posted";
        }
        long net = Math.subtractExact(signed, fees); // both were summed exactly, far below the limits of a long
        if (sums[2] != net) {
            return "the trailer's net payout " + Money.formatDkk(sums[2]) + " DKK is not the amount less the fees ("
                    + Money.formatDkk(net) + " DKK): nothing of the file was posted";
        }
        return null;
    }
}
