package dk.cardoffice.batch.launch;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Asks a running execution to stop at its next chunk boundary by marking it STOPPING in the job
 * repository. The step's own thread reads that status when it records its chunk
 * ({@code JobRepository.update(StepExecution)}), marks itself terminate-only and ends STOPPED.
 * <p>
 * Not {@code JobOperator.stop}: in Spring Batch 6.0 it also writes the running step execution from
 * the calling thread, which races the step's own chunk updates; the step then fails on its
 * optimistic lock and the job ends UNKNOWN, never to be restarted (spring-batch issues #5120, #5484).
 * Only the job execution row is written here, which the step thread reads and never writes mid-step.
 */
public class StopRequests {

    private static final int ATTEMPTS = 5;

    private final JobRepository repository;

    public StopRequests(JobRepository repository) {
        this.repository = repository;
    }

    /** True if the execution was running and is now STOPPING; false if it had ended (or was stopping already). */
    public boolean request(long executionId) {
        for (int attempt = 1; ; attempt++) {
            JobExecution execution = repository.getJobExecution(executionId);
            if (execution == null || !(execution.getStatus() == BatchStatus.STARTING || execution.getStatus() == BatchStatus.STARTED)) {
                return false;
            }
            execution.setStatus(BatchStatus.STOPPING);
            try {
                repository.update(execution);
                return true;
            } catch (OptimisticLockingFailureException e) {
                // the job's own thread wrote the row (a step began or ended) between our read and write: read again
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
