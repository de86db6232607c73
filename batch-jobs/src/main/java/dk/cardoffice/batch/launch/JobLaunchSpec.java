package dk.cardoffice.batch.launch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * What a job takes when it is launched (contract §8), checked before anything runs: a launch with a
 * missing, unknown or misplaced parameter is refused with the parameter named, instead of starting a
 * job that fails half-way. Each job's configuration declares its spec as a bean.
 *
 * @param feed the inbound feed whose folders a {@code file} must lie in; null for a job without files
 * @param file whether the job takes a file
 * @param operatorParameters further parameters an operator may give (beside {@code file})
 * @param businessDayParameter the parameter naming the business day the job is about ({@code yyyy-MM-dd}), or null: it is
 *     checked at launch and, when not given, set to yesterday in Copenhagen at launch — so a run restarted on a later
 *     day is still about the day it was launched for
 */
public record JobLaunchSpec(String jobName, String feed, FileParameter file, Set<String> operatorParameters, String businessDayParameter) {

    public enum FileParameter { NONE, REQUIRED, OPTIONAL }

    public JobLaunchSpec(String jobName, String feed, FileParameter file, Set<String> operatorParameters) {
        this(jobName, feed, file, operatorParameters, null);
    }

    /** A job about one business day, {@code date} (statements, finance-report): default yesterday, fixed at launch. */
    public static JobLaunchSpec forBusinessDay(String jobName) {
        return new JobLaunchSpec(jobName, null, FileParameter.NONE, Set.of("date"), "date");
    }

    /** A job that processes one inbound file of {@code feed}. */
    public static JobLaunchSpec fileDriven(String jobName, String feed) {
        return new JobLaunchSpec(jobName, feed, FileParameter.REQUIRED, Set.of());
    }

    /** A job that takes no parameters at all. */
    public static JobLaunchSpec noParameters(String jobName) {
        return new JobLaunchSpec(jobName, null, FileParameter.NONE, Set.of());
    }

    /** The business day a job launched at {@code now} without a day is about: yesterday in Copenhagen. */
    public static LocalDate defaultBusinessDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneId.of("Europe/Copenhagen")).minusDays(1);
    }

    /** What the job takes, as an operator reads it in a refusal. */
    public String describe() {
        StringBuilder text = new StringBuilder(jobName);
        if (file == FileParameter.NONE && operatorParameters.isEmpty()) {
            return text.append(" takes no parameters").toString();
        }
        text.append(" takes");
        if (file != FileParameter.NONE) {
            text.append(file == FileParameter.REQUIRED ? " 'file' (required" : " 'file' (optional").append(", a file in inbox/").append(feed)
                    .append("/ or archive/").append(feed).append("/ of the home)");
        }
        operatorParameters.stream().sorted().forEach(p -> text.append(" '").append(p)
                .append(p.equals(businessDayParameter) ? "' (optional, yyyy-MM-dd, default yesterday)" : "' (optional)"));
        return text.toString();
    }
}
