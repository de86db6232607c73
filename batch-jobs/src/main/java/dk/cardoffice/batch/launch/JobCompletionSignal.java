package dk.cardoffice.batch.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Tells {@link JobStarter#awaitEnd} when a job has really finished. Spring Batch stores the end
 * time before it runs the afterJob listeners (which record file outcomes, launch follow-up jobs), so
 * "the repository says ended" is too early. Every job registers this listener first; afterJob
 * listeners run in reverse order, so it runs last.
 */
public class JobCompletionSignal implements JobExecutionListener {

    private static final int REMEMBERED = 1000;

    private final Map<Long, CompletableFuture<JobExecution>> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<JobExecution>> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Override
    public void afterJob(JobExecution execution) {
        future(execution.getId()).complete(execution);
    }

    synchronized CompletableFuture<JobExecution> future(long executionId) {
        return finished.computeIfAbsent(executionId, id -> new CompletableFuture<>());
    }
}
