package dk.cardoffice.batch.payouts;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import dk.cardoffice.batch.intake.InboundFileListener;

/**
 * Step 1 of bank-status-import: the whole report is read before anything changes. A document that is not
 * well-formed XML, declares a DTD or entity, is not a pain.002.001.03 status report, or has a transaction status
 * without its end-to-end id goes to error/bank-status/ as a whole (exit code REJECTED, the reason with its line).
 */
public class BankStatusFileCheck implements Tasklet {

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

    /** Why the report cannot be imported at all, or null when it can. */
    static String check(Path file) {
        try (Pain002Parser parser = new Pain002Parser(file)) {
            int statuses = 0;
            while (parser.next() != null) {
                statuses++;
            }
            return statuses == 0 ? "the report holds no status at all" : null;
        } catch (Pain002Parser.Pain002Exception e) {
            return "not a status report cardoffice can read, nothing of it was applied: " + e.getMessage();
        } catch (IOException e) {
            return "the file cannot be read: " + e.getMessage();
        }
    }
}
