package dk.cardoffice.batch.intake;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import dk.cardoffice.batch.support.ExitReasons;

/**
 * Keeps the file registry in step with the job that processes a file, whoever launched it (intake,
 * operations API, a restart), and moves a file the job rejected as a whole to error/ with its reason.
 */
public class InboundFileListener implements JobExecutionListener {

    /** Exit code of a job that found the file unreadable as a whole (wrong name, no header, ...). */
    public static final String REJECTED = "REJECTED";
    /** Exit code of an enrolment import held back by the mass-leave guard. */
    public static final String HELD = "HELD";

    private final String feed;
    private final FileRegistry registry;
    private final InboundFolders folders;

    public InboundFileListener(String feed, FileRegistry registry, InboundFolders folders) {
        this.feed = feed;
        this.registry = registry;
        this.folders = folders;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (!hasFile(execution)) {
            return;
        }
        Path file = Path.of(execution.getJobParameters().getString("file"));
        String sha256 = execution.getJobParameters().getString("sha256");
        registry.ensureRegistered(feed, file.getFileName().toString(), sha256, sizeOf(file), file.toString());
        registry.recordOutcome(feed, sha256, FileRegistry.Status.LAUNCHED, execution.getId(), null);
    }

    @Override
    public void afterJob(JobExecution execution) {
        recordOutcome(execution);
    }

    /**
     * Records in the registry how the execution of a file ended (and moves a rejected file to error/): the job's last
     * word on its file, and what recovery does for a file whose job ended without it (a process killed between Spring
     * Batch saving the end and this listener).
     */
    public void recordOutcome(JobExecution execution) {
        if (!hasFile(execution)) {
            return;
        }
        Path file = Path.of(execution.getJobParameters().getString("file"));
        String sha256 = execution.getJobParameters().getString("sha256");
        String exitCode = execution.getExitStatus().getExitCode();
        String description = reasonOf(execution);
        if (execution.getStatus() == BatchStatus.STOPPED) {
            registry.recordOutcome(feed, sha256, FileRegistry.Status.STOPPED, execution.getId(),
                    "stopped before the end; it is restarted where it stopped (at the next start after a shutdown, or by an operator)");
        } else if (execution.getStatus() != BatchStatus.COMPLETED) {
            registry.recordOutcome(feed, sha256, FileRegistry.Status.FAILED, execution.getId(),
                    "job failed; restart it with the same file once the cause is fixed: " + description);
        } else if (REJECTED.equals(exitCode)) {
            String reason = "File " + file.getFileName() + " was not processed: " + description;
            Path moved = Files.exists(file) ? folders.toError(feed, file, reason) : file;
            registry.storedAt(feed, sha256, moved.toString());
            registry.recordOutcome(feed, sha256, FileRegistry.Status.REJECTED, execution.getId(), description);
        } else if (HELD.equals(exitCode)) {
            registry.recordOutcome(feed, sha256, FileRegistry.Status.HELD, execution.getId(), description);
        } else {
            registry.recordOutcome(feed, sha256, FileRegistry.Status.PROCESSED, execution.getId(), description);
        }
    }

    /** A job that also runs without a file (settlement-reconciliation's daily unsettled check) has nothing to register then. */
    /**
     * What a file check does with a file that cannot be processed at all: the step and the job end REJECTED with the
     * reason, and {@link #afterJob} moves the file to error/ with it.
     */
    public static void reject(org.springframework.batch.core.step.StepContribution contribution, String problem) {
        contribution.setExitStatus(new org.springframework.batch.core.ExitStatus(REJECTED, problem));
        contribution.getStepExecution().getJobExecution().setExitStatus(new org.springframework.batch.core.ExitStatus(REJECTED, problem));
    }

    public static boolean hasFile(JobExecution execution) {
        return execution.getJobParameters().getString("file") != null;
    }

    /** The job carries the deciding step's reason from here on (see {@link ExitReasons}). */
    private static String reasonOf(JobExecution execution) {
        String description = ExitReasons.of(execution);
        if (!description.equals(execution.getExitStatus().getExitDescription())) {
            execution.setExitStatus(execution.getExitStatus().addExitDescription(description));
        }
        return description;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
