package dk.cardoffice.batch.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
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

import dk.cardoffice.batch.intake.InboundFolders;
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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobStarter.class);

    private final Map<String, Job> jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final Clock clock;
    private final JobCompletionSignal completion;
    private final Map<String, JobLaunchSpec> specs;
    private final InboundFolders folders;
    private final ExecutionOwners owners;

    /**
     * @param jobs every job bean of the application: a job is launchable from the day it exists
     * @param specs what each job takes; a job without a spec takes no parameters
     */
    public JobStarter(List<Job> jobs, List<JobLaunchSpec> specs, JobOperator operator, JobRepository repository, Clock clock,
            JobCompletionSignal completion, InboundFolders folders, ExecutionOwners owners) {
        this.owners = owners;
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two jobs are named " + a.getName());
        }, TreeMap::new));
        this.specs = specs.stream().collect(Collectors.toMap(JobLaunchSpec::jobName, Function.identity()));
        this.operator = operator;
        this.repository = repository;
        this.clock = clock;
        this.completion = completion;
        this.folders = folders;
    }

    public JobLaunchSpec spec(String jobName) {
        requireJob(jobName);
        return specs.getOrDefault(jobName, JobLaunchSpec.noParameters(jobName));
    }

    /**
     * A launch by a person (operations API, console): only the parameters the job's spec names are
     * accepted, so a typo is a 400 naming it rather than a run that ignores it.
     */
    public void checkOperatorParameters(String jobName, Map<String, String> parameters) {
        JobLaunchSpec spec = spec(jobName);
        for (String name : parameters.keySet()) {
            boolean known = (name.equals("file") && spec.file() != JobLaunchSpec.FileParameter.NONE) || spec.operatorParameters().contains(name);
            if (!known) {
                throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "unknown parameter '" + name + "': " + spec.describe());
            }
        }
        checkFile(spec, parameters.get("file"));
    }

    private Job requireJob(String jobName) {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.UNKNOWN_JOB,
                    "no job named '" + jobName + "'; known jobs: " + String.join(", ", jobNames()));
        }
        return job;
    }

    /** The file a job is given, checked: present when required, readable, and inside the job's own feed folders. */
    private Path checkFile(JobLaunchSpec spec, String file) {
        if (file == null || file.isBlank()) {
            if (spec.file() == JobLaunchSpec.FileParameter.REQUIRED) {
                throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "missing parameter 'file': " + spec.describe());
            }
            return null;
        }
        if (spec.file() == JobLaunchSpec.FileParameter.NONE) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "unknown parameter 'file': " + spec.describe());
        }
        Path path;
        try {
            path = Path.of(file).toAbsolutePath().normalize();
            if (Files.exists(path)) {
                path = path.toRealPath(); // one spelling per file: a run is identified by its path
            }
        } catch (java.io.IOException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "parameter 'file': " + file + " cannot be read: " + e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "parameter 'file' is not a path: " + e.getMessage());
        }
        if (!folders.isInsideFeed(spec.feed(), path)) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "parameter 'file': " + path + " is not a file in inbox/"
                    + spec.feed() + "/ or archive/" + spec.feed() + "/ of the home; " + spec.jobName() + " only takes files of its own feed");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "parameter 'file': " + path + " does not exist or cannot be read");
        }
        return path;
    }

    public Set<String> jobNames() {
        return jobs.keySet();
    }

    /** Starts the job (asynchronously when the operator has an asynchronous task executor). */
    public long start(String jobName, Map<String, String> parameters) {
        Job job = requireJob(jobName);
        JobParameters jobParameters = toJobParameters(spec(jobName), parameters);
        return launch(job, jobParameters);
    }

    /**
     * Starts the job instance of {@code execution} again with the same parameters (identifying and
     * not): Spring Batch resumes it where the last execution stopped.
     */
    public long restart(JobExecution execution) {
        Job job = requireJob(execution.getJobInstance().getJobName());
        return launch(job, execution.getJobParameters());
    }

    private long launch(Job job, JobParameters jobParameters) {
        try {
            return launchOnce(job, jobParameters);
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).startsWith("Cannot find any job execution for job instance")) {
                throw e;
            }
            return launchOverOrphanInstance(job, jobParameters);
        }
    }

    /**
     * Spring Batch creates a job instance and its first execution in two transactions: a process that
     * died between them left an instance with no execution, and every later launch with these
     * parameters is refused. Another launch of the same parameters may be between the two right now, so
     * wait a moment first; an instance still without execution then is removed through the repository's
     * API and the launch made again.
     */
    private long launchOverOrphanInstance(Job job, JobParameters jobParameters) {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            return launchOnce(job, jobParameters);
        } catch (IllegalStateException e) {
            var orphan = repository.getJobInstance(job.getName(), jobParameters);
            if (orphan != null && repository.getJobExecutions(orphan).isEmpty()) {
                log.warn("job instance {} of {} was left without an execution by a process that died while launching it; removed and launched again",
                        orphan.getInstanceId(), job.getName());
                repository.deleteJobInstance(orphan);
            }
            return launchOnce(job, jobParameters);
        }
    }

    private long launchOnce(Job job, JobParameters jobParameters) {
        String jobName = job.getName();
        try {
            long executionId = operator.start(job, jobParameters).getId();
            // recorded at once, not when the job leaves the executor's queue: a queued execution (STARTING) of a
            // living process must never look ownerless, or recovery would run it a second time
            owners.record(executionId);
            return executionId;
        } catch (JobInstanceAlreadyCompleteException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE,
                    jobName + " already completed for these parameters: " + jobParameters.getIdentifyingParameters().stream().map(p -> p.name() + "=" + p.value()).toList());
        } catch (JobExecutionAlreadyRunningException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_RUNNING, jobName + " is already running for these parameters");
        } catch (InvalidJobParametersException | JobRestartException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, e.getMessage());
        }
    }

    private JobParameters toJobParameters(JobLaunchSpec spec, Map<String, String> parameters) {
        JobParametersBuilder builder = new JobParametersBuilder();
        Path path = checkFile(spec, parameters.get("file"));
        if (path != null) {
            builder.addString("file", path.toString(), true);
            builder.addString("sha256", parameters.getOrDefault("sha256", FileHashes.sha256(path)), true);
        } else {
            builder.addString("launchedAt", Instant.now(clock).toString(), true);
        }
        if (spec.businessDayParameter() != null) {
            builder.addString(spec.businessDayParameter(), businessDay(spec, parameters.get(spec.businessDayParameter())).toString(), true);
        }
        parameters.forEach((name, value) -> {
            if (!name.equals("file") && !name.equals("sha256") && !name.equals(spec.businessDayParameter())) {
                builder.addString(name, value, true);
            }
        });
        return builder.toJobParameters();
    }

    /** The day a business-day job is launched for: the one given, or yesterday in Copenhagen now. */
    private LocalDate businessDay(JobLaunchSpec spec, String given) {
        if (given == null || given.isBlank()) {
            return JobLaunchSpec.defaultBusinessDay(clock.instant());
        }
        try {
            return LocalDate.parse(given.strip());
        } catch (DateTimeParseException e) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS, "parameter '" + spec.businessDayParameter() + "': '" + given
                    + "' is not a day like 2026-12-05: " + spec.describe());
        }
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
                // the signal wakes us at once; the repository is read once a second for a run that ended elsewhere (another
                // process): read every 50 ms it cost 0.8 s of CPU while the sales benchmark posted its million lines
                signal.get(1, TimeUnit.SECONDS);
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
