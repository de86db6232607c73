package dk.cardoffice.batch.support;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * A job that completed without writing anything ends with exit code {@code NOOP} (contract §8).
 * Put on a job's last step: the job takes its last step's exit status, so the code is part of the
 * job's end from the first moment the end is visible (an afterJob listener would change it later).
 */
public class NothingToDoListener implements StepExecutionListener {

    public static final String NOOP = "NOOP";

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() != BatchStatus.COMPLETED || !ExitStatus.COMPLETED.getExitCode().equals(step.getExitStatus().getExitCode())) {
            return null;
        }
        long written = step.getJobExecution().getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
        return written == 0 ? new ExitStatus(NOOP, "nothing to do") : null;
    }
}
