package dk.cardoffice.batch.support;

import org.springframework.batch.core.job.JobExecution;

/**
 * Why a job ended as it did. A flow that ends on a step's exit code (REJECTED, HELD) gives the job that
 * code without the step's description, so the description is taken from the step that decided.
 */
public final class ExitReasons {

    private ExitReasons() {
    }

    public static String of(JobExecution execution) {
        String description = execution.getExitStatus().getExitDescription();
        if (description != null && !description.isBlank()) {
            return description;
        }
        return execution.getStepExecutions().stream()
                .filter(s -> s.getExitStatus().getExitCode().equals(execution.getExitStatus().getExitCode()))
                .map(s -> s.getExitStatus().getExitDescription()).findFirst().orElse("");
    }
}
