package dk.cardoffice.integrations.schedules;

import java.util.List;
import java.util.Objects;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Puts the application's schedules into Quartz's JDBC job store at start: a missing one is added, one whose
 * cron expression changed in the configuration is rescheduled, and a trigger an operator paused stays paused
 * (the store keeps it across restarts). Misfires (the service was down at the hour) fire once when it is back.
 */
public class ScheduleRegistrar implements SmartInitializingSingleton {

    public static final String GROUP = "cardoffice";
    static final TimeZone COPENHAGEN = TimeZone.getTimeZone("Europe/Copenhagen");

    private final Scheduler scheduler;
    private final List<Schedule> schedules;

    private final java.util.function.Predicate<Schedule> everyMissedFire;

    /** @param everyMissedFire the schedules whose every missed fire is made up (the jobs about a day), not just one */
    public ScheduleRegistrar(Scheduler scheduler, List<Schedule> schedules, java.util.function.Predicate<Schedule> everyMissedFire) {
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.everyMissedFire = everyMissedFire;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            register();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot register the schedules in Quartz", e);
        }
    }

    public void register() throws SchedulerException {
        for (Schedule schedule : schedules) {
            JobKey jobKey = JobKey.jobKey(schedule.name(), GROUP);
            JobDetail job = JobBuilder.newJob(LaunchScheduledJob.class).withIdentity(jobKey).withDescription(schedule.description())
                    .usingJobData(LaunchScheduledJob.JOB_NAME, schedule.jobName()).storeDurably().build();
            schedule.parameters().forEach(job.getJobDataMap()::put);
            scheduler.addJob(job, true);
            TriggerKey triggerKey = TriggerKey.triggerKey(schedule.name(), GROUP);
            // fires missed while the service was down: one catch-up fire, except for a job about a day (statements,
            // finance-report), which gets every missed fire, each for its own day (LaunchScheduledJob)
            CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(schedule.cron()).inTimeZone(COPENHAGEN);
            cron = everyMissedFire.test(schedule) ? cron.withMisfireHandlingInstructionIgnoreMisfires() : cron.withMisfireHandlingInstructionFireAndProceed();
            CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(jobKey).withDescription(schedule.description())
                    .withSchedule(cron).build();
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing == null) {
                scheduler.scheduleJob(trigger);
            } else if (!(existing instanceof CronTrigger stored) || !Objects.equals(stored.getCronExpression(), schedule.cron())
                    || stored.getMisfireInstruction() != trigger.getMisfireInstruction()) {
                boolean paused = scheduler.getTriggerState(triggerKey) == Trigger.TriggerState.PAUSED;
                scheduler.rescheduleJob(triggerKey, trigger);
                if (paused) {
                    scheduler.pauseTrigger(triggerKey);
                }
            }
        }
    }
}
