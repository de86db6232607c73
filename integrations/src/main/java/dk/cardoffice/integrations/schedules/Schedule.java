package dk.cardoffice.integrations.schedules;

import java.util.Map;

/**
 * A time-based launch of a job (ARCHITECTURE: payout-run, statements, finance-report, the unsettled check):
 * a Quartz cron expression in Copenhagen time, the job and its parameters.
 *
 * @param name what operators see in the console (pause, resume, fire now)
 */
public record Schedule(String name, String description, String cron, String jobName, Map<String, String> parameters) {
}
