package dk.cardoffice.batch.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;

import dk.cardoffice.batch.support.FileHashes;

/**
 * Starts a registered job by name with string parameters: the one way the operations API, the
 * folder intake, the schedules and the demo launch jobs.
 *
 * <p>Identifying parameters decide what "the same run" is. A file-driven job is identified by the
 * file's name and SHA-256, so launching it again for the same file restarts a failed run and is
 * refused for a completed one. Any other job gets a launch time stamp, so every launch is a new run.
 */
public class JobStarter {

    private final Map<String, Job> jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final Clock clock;
    private final JobCompletionSignal completion;

    /** @param jobs every job bean of the application: a job is launchable from the day it exists */
    public JobStarter(List<Job> jobs, JobOperator operator, JobRepository repository, Clock clock, JobCompletionSignal completion) {
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two jobs are named " + a.getName());
        }, TreeMap::new));
        this.operator = operator;
        this.repository = repository;
        this.clock = clock;
        this.completion = completion;
    }

    public Set<String> jobNames() {
        return jobs.keySet();
    }

    /** Starts the job (asynchronously when the operator has an asynchronous task executor). */
    public long start(String jobName, Map<String, String> parameters) {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.UNKNOWN_JOB,
                    "no job named '" + jobName + "'; known jobs: " + String.join(", ", jobNames()));
        }
        JobParameters jobParameters = toJobParameters(parameters);
        try {
            return operator.start(job, jobParameters).getId();
        } catch (JobInstanceAlreadyCompleteException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE,
                    jobName + " already completed for these parameters: " + jobParameters.getIdentifyingParameters().stream().map(p -> p.name() + "=" + p.value()).toList());
        } catch (JobExecutionAlreadyRunningException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_RUNNING, jobName + " is already running for these parameters");
        } catch (InvalidJobParametersException | JobRestartException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, e.getMessage());
        }
    }

    private JobParameters toJobParameters(Map<String, String> parameters) {
        JobParametersBuilder builder = new JobParametersBuilder();
        String file = parameters.get("file");
        if (file != null) {
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "file " + path + " does not exist or cannot be read");
            }
            builder.addString("file", path.toString(), true);
            builder.addString("sha256", parameters.getOrDefault("sha256", FileHashes.sha256(path)), true);
        } else {
            builder.addString("launchedAt", Instant.now(clock).toString(), true);
        }
        parameters.forEach((name, value) -> {
            if (!name.equals("file") && !name.equals("sha256")) {
                builder.addString(name, value, true);
            }
        });
        return builder.toJobParameters();
    }

    /**
     * Waits until the execution has ended and its listeners have run (the demo, the intake and tests
     * run jobs to completion). An execution of another process is taken as ended a few seconds after
     * the repository says so.
     */
    public JobExecution awaitEnd(long executionId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        CompletableFuture<JobExecution> signal = completion.future(executionId);
        while (true) {
            if (signal.isDone()) {
                return signal.join();
            }
            JobExecution stored = repository.getJobExecution(executionId);
            if (stored != null && !stored.isRunning() && stored.getEndTime() != null
                    && stored.getEndTime().isBefore(LocalDateTime.now().minusSeconds(5))) {
                return stored;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("job execution " + executionId + " did not end within " + timeout);
            }
            try {
                signal.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for job execution " + executionId, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
