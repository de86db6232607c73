package dk.cardoffice.batch.support;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** A job that completed without writing anything ends with exit code {@code NOOP} (contract §8). */
public class NothingToDoListener implements JobExecutionListener {

    public static final String NOOP = "NOOP";

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED || !ExitStatus.COMPLETED.getExitCode().equals(execution.getExitStatus().getExitCode())) {
            return;
        }
        long written = execution.getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
        if (written == 0) {
            execution.setExitStatus(new ExitStatus(NOOP, "nothing to do"));
        }
    }
}
