package dk.cardoffice.app.web;

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
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.support.ExitReasons;

/** The operations API (contract §8): launch any registered job, read an execution with its steps. */
@RestController
@RequestMapping("/api/v1/ops")
public class OperationsController {

    private final JobStarter jobs;
    private final JobRepository repository;

    public OperationsController(JobStarter jobs, JobRepository repository) {
        this.jobs = jobs;
        this.repository = repository;
    }

    public record Launched(long executionId) {
    }

    public record StepView(String name, long readCount, long writeCount, long skipCount, String status) {
    }

    public record ExecutionView(long executionId, String jobName, String status, String exitCode, String exitDescription,
            OffsetDateTime startTime, OffsetDateTime endTime, Map<String, Object> parameters, List<StepView> steps) {
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
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Launched(jobs.start(jobName, parameters)));
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
                inCopenhagen(execution.getStartTime()), inCopenhagen(execution.getEndTime()), parameters, steps));
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
