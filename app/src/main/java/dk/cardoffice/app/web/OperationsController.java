package dk.cardoffice.app.web;

import java.nio.file.Path;
import java.security.Principal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.CoreBeans;
import dk.cardoffice.batch.launch.JobLaunchRefused;
import dk.cardoffice.batch.launch.ExecutionControl;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.ExecutionRecovery;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.launch.JobNodes;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.integrations.intake.FileIntake;
import dk.cardoffice.integrations.lifecycle.StartupRecovery;
import dk.cardoffice.batch.support.ExitReasons;

/**
 * The operations API (contract §8): launch any registered job (its parameters checked first), read an
 * execution with its steps and recovery history, restart, stop or abandon one, follow start-up recovery.
 */
@RestController
@RequestMapping("/api/v1/ops")
public class OperationsController {

    private final JobStarter jobs;
    private final JobRepository repository;
    private final ExecutionControl control;
    private final ExecutionRecovery recovery;
    private final ExecutionOwners owners;
    private final JobNodes nodes;
    private final FileIntake intake;
    private final StartupRecovery startup;

    public OperationsController(JobStarter jobs, JobRepository repository, ExecutionControl control, ExecutionRecovery recovery,
            ExecutionOwners owners, JobNodes nodes, FileIntake intake, StartupRecovery startup) {
        this.jobs = jobs;
        this.repository = repository;
        this.control = control;
        this.recovery = recovery;
        this.owners = owners;
        this.nodes = nodes;
        this.intake = intake;
        this.startup = startup;
    }

    public record Launched(long executionId) {
    }

    public record StepView(String name, long readCount, long writeCount, long skipCount, String status) {
    }

    /**
     * @param runBy the process that runs (or ran) it
     * @param recoveredFrom the execution a dead process left, which this one restarted (null when none)
     * @param recovery what recovery did with this execution, when a process died running it or a shutdown stopped it
     */
    public record ExecutionView(long executionId, String jobName, String status, String exitCode, String exitDescription,
            OffsetDateTime startTime, OffsetDateTime endTime, Map<String, Object> parameters, List<StepView> steps, String runBy,
            Long recoveredFrom, ExecutionRecovery.Link recovery) {
    }

    @PostMapping("/jobs/{jobName}")
    public ResponseEntity<Launched> launch(@PathVariable String jobName, @RequestBody(required = false) Map<String, Object> body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (body != null) {
            body.forEach((name, value) -> {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    throw new JobLaunchRefused(JobLaunchRefused.Reason.INVALID_PARAMETERS,
                            "parameter '" + name + "' must be a string, number or boolean");
                }
                if (value != null) {
                    parameters.put(name, value.toString());
                }
            });
        }
        jobs.checkOperatorParameters(jobName, parameters);
        JobLaunchSpec spec = jobs.spec(jobName);
        long executionId = parameters.containsKey("file")
                ? intake.launch(spec.feed(), jobName, Path.of(parameters.get("file")).toAbsolutePath().normalize(), withoutFile(parameters))
                : jobs.start(jobName, parameters);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Launched(executionId));
    }

    private static Map<String, String> withoutFile(Map<String, String> parameters) {
        Map<String, String> rest = new LinkedHashMap<>(parameters);
        rest.remove("file");
        return rest;
    }

    @PostMapping("/executions/{executionId}/restart")
    public ResponseEntity<Launched> restart(@PathVariable long executionId, Principal operator) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Launched(control.restart(executionId, operator.getName())));
    }

    @PostMapping("/executions/{executionId}/stop")
    public ResponseEntity<Launched> stop(@PathVariable long executionId, Principal operator) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Launched(control.stop(executionId, operator.getName())));
    }

    @PostMapping("/executions/{executionId}/abandon")
    public ResponseEntity<Launched> abandon(@PathVariable long executionId, Principal operator) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Launched(control.abandon(executionId, operator.getName())));
    }

    /** Start-up recovery: its phase (the intake watches the folders once it is DONE), and the latest recovery decisions. */
    public record RecoveryView(StartupRecovery.Progress startup, List<ExecutionRecovery.Link> latestDecisions) {
    }

    @GetMapping("/recovery")
    public RecoveryView recovery() {
        return new RecoveryView(startup.progress(), recovery.latest(50));
    }

    @GetMapping("/executions/{executionId}")
    public ResponseEntity<ExecutionView> execution(@PathVariable long executionId) {
        JobExecution execution;
        try {
            execution = repository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new NoSuchExecution(executionId);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        execution.getJobParameters().parameters().forEach(p -> parameters.put(p.name(), p.value()));
        List<StepView> steps = execution.getStepExecutions().stream()
                .sorted(Comparator.comparing(StepExecution::getId))
                .map(s -> new StepView(s.getStepName(), s.getReadCount(), s.getWriteCount(), s.getSkipCount(), s.getStatus().name()))
                .toList();
        return ResponseEntity.ok(new ExecutionView(execution.getId(), execution.getJobInstance().getJobName(),
                execution.getStatus().name(), execution.getExitStatus().getExitCode(), ExitReasons.of(execution),
                inCopenhagen(execution.getStartTime()), inCopenhagen(execution.getEndTime()), parameters, steps,
                owners.ownerOf(executionId).map(o -> nodes.describe(o.incarnation())).orElse(null),
                recovery.recoveredFrom(executionId).map(ExecutionRecovery.Link::failedExecutionId).orElse(null),
                recovery.recoveryOf(executionId).orElse(null)));
    }

    public static class NoSuchExecution extends RuntimeException {
        NoSuchExecution(long id) {
            super("there is no job execution " + id);
        }
    }

    private static OffsetDateTime inCopenhagen(LocalDateTime batchTime) {
        // Spring Batch stores local date-times of the JVM's zone; the service runs in Europe/Copenhagen
        return batchTime == null ? null : batchTime.atZone(java.time.ZoneId.systemDefault()).withZoneSameInstant(CoreBeans.COPENHAGEN)
                .toOffsetDateTime();
    }
}
