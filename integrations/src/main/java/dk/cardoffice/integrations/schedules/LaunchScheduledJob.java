package dk.cardoffice.integrations.schedules;

import java.util.HashMap;
import java.util.Map;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import dk.cardoffice.batch.launch.JobLaunchRefused;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.launch.JobStarter;

/**
 * What a Quartz trigger does: launch the Spring Batch job its schedule names, through the same
 * {@link JobStarter} as the operations API and the intake. Quartz makes the instance and Spring injects
 * the starter (Spring Boot's job factory autowires it like a bean's).
 */
@DisallowConcurrentExecution
public class LaunchScheduledJob implements Job {

    static final String JOB_NAME = "jobName";
    private static final Logger log = LoggerFactory.getLogger(LaunchScheduledJob.class);

    private JobStarter jobs;

    @Autowired
    public void setJobStarter(JobStarter jobs) {
        this.jobs = jobs;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Map<String, String> parameters = new HashMap<>();
        context.getMergedJobDataMap().forEach((key, value) -> parameters.put(key, String.valueOf(value)));
        String jobName = parameters.remove(JOB_NAME);
        try {
            // a job about a day is about the day before the time it was scheduled for, not before the time it runs: a fire
            // made up after the service was down reports (or mails) the day it was meant for
            String day = jobs.spec(jobName).businessDayParameter();
            if (day != null && !parameters.containsKey(day)) {
                parameters.put(day, JobLaunchSpec.defaultBusinessDay(context.getScheduledFireTime().toInstant()).toString());
            }
            long executionId = jobs.start(jobName, parameters);
            log.info("schedule {} launched {} (execution {})", context.getJobDetail().getKey().getName(), jobName, executionId);
        } catch (JobLaunchRefused e) {
            log.warn("schedule {} could not launch {}: {}", context.getJobDetail().getKey().getName(), jobName, e.getMessage());
        }
    }
}
