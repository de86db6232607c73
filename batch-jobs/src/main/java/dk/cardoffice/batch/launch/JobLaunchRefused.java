package dk.cardoffice.batch.launch;

/** A launch that cannot happen, with the reason an operator reads. */
public class JobLaunchRefused extends RuntimeException {

    public enum Reason { UNKNOWN_JOB, NOT_FOUND, INVALID_PARAMETERS, ALREADY_COMPLETE, ALREADY_RUNNING, NOT_ALLOWED }

    private final Reason reason;

    public JobLaunchRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
