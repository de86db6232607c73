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
            return readable(description);
        }
        return readable(execution.getStepExecutions().stream()
                .filter(s -> s.getExitStatus().getExitCode().equals(execution.getExitStatus().getExitCode()))
                .map(s -> s.getExitStatus().getExitDescription()).findFirst().orElse(""));
    }

    /**
     * Spring Batch puts a failure's whole stack trace into the exit description; a person reads only
     * what went wrong: the first line of the exception and of its deepest cause. The trace stays in the log.
     */
    public static String readable(String description) {
        if (description == null || !description.contains("\n\tat ")) {
            return description;
        }
        String[] lines = description.split("\\R");
        String first = message(lines[0]);
        String cause = null;
        for (String line : lines) {
            if (line.startsWith("Caused by: ")) {
                cause = message(line.substring("Caused by: ".length()));
            }
        }
        return cause == null || cause.equals(first) ? first : first + " (cause: " + cause + ")";
    }

    /** "java.lang.IllegalStateException: text" → "text (IllegalStateException)". */
    private static String message(String exceptionLine) {
        int colon = exceptionLine.indexOf(": ");
        String type = colon < 0 ? exceptionLine : exceptionLine.substring(0, colon);
        String simple = type.substring(type.lastIndexOf('.') + 1).trim();
        return colon < 0 ? simple : exceptionLine.substring(colon + 2).trim() + " (" + simple + ")";
    }
}
