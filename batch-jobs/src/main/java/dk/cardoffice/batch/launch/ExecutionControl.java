package dk.cardoffice.batch.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * What an operator may do with one job execution (contract §8): restart, stop, abandon. Each refusal
 * says why in words, with the reason the operations API turns into a status (409 for a state that
 * does not allow it, 404 for an execution that does not exist).
 */
public class ExecutionControl {

    private static final Logger log = LoggerFactory.getLogger(ExecutionControl.class);

    private final JobStarter jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final ExecutionOwners owners;
    private final JobNodes nodes;
    private final ExecutionRecovery recovery;
    private final StopRequests stops;

    public ExecutionControl(JobStarter jobs, JobOperator operator, JobRepository repository, ExecutionOwners owners, JobNodes nodes,
            ExecutionRecovery recovery, StopRequests stops) {
        this.recovery = recovery;
        this.stops = stops;
        this.jobs = jobs;
        this.operator = operator;
        this.repository = repository;
        this.owners = owners;
        this.nodes = nodes;
    }

    /** Restarts a FAILED or STOPPED execution where it ended; returns the new execution's id. */
    public long restart(long executionId, String who) {
        JobExecution execution = find(executionId);
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw conflict(executionId, "completed; a completed run is never run again");
        }
        if (status == BatchStatus.ABANDONED) {
            throw conflict(executionId, "abandoned; an abandoned run is not restarted");
        }
        if (status.isRunning()) {
            throw conflict(executionId, "still " + status + "; stop it first, or wait for it to end");
        }
        JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
        if (last != null && !(last.getId() == executionId)) {
            throw conflict(executionId, "not the last execution of its run: restart execution " + last.getId() + " instead");
        }
        if (!recovery.claimForOperator(execution, who)) {
            throw conflict(executionId, "restarted already (by recovery or another operator): see GET /api/v1/ops/executions/" + executionId);
        }
        long restarted;
        try {
            restarted = jobs.restart(execution);
        } catch (RuntimeException e) {
            recovery.operatorRestarted(executionId, null);
            throw e;
        }
        recovery.operatorRestarted(executionId, restarted);
        log.info("operator {} restarted {} execution {} as execution {}", who, execution.getJobInstance().getJobName(), executionId, restarted);
        return restarted;
    }

    /** Asks a running execution to stop at its next chunk boundary; it ends STOPPED and can be restarted. */
    public long stop(long executionId, String who) {
        JobExecution execution = find(executionId);
        if (!execution.getStatus().isRunning() || execution.getStatus() == BatchStatus.STOPPING) {
            throw conflict(executionId, execution.getStatus() + "; only a running execution can be stopped");
        }
        if (!owners.ownedHere(executionId) && owners.ownerOf(executionId).map(o -> !nodes.isDead(o.incarnation())).orElse(false)) {
            throw conflict(executionId, "running on " + nodes.describe(owners.ownerOf(executionId).orElseThrow().incarnation())
                    + "; stop it there");
        }
        owners.stopRequested(executionId, ExecutionOwners.StopRequest.OPERATOR);
        if (!stops.request(executionId)) {
            throw conflict(executionId, "not running any more");
        }
        log.info("operator {} asked {} execution {} to stop", who, execution.getJobInstance().getJobName(), executionId);
        return executionId;
    }

    /** Marks a FAILED or STOPPED execution as never to be restarted. */
    public long abandon(long executionId, String who) {
        JobExecution execution = find(executionId);
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            throw conflict(executionId, "completed; there is nothing to abandon");
        }
        if (execution.getStatus() == BatchStatus.ABANDONED) {
            throw conflict(executionId, "abandoned already");
        }
        try {
            operator.abandon(execution);
        } catch (JobExecutionAlreadyRunningException e) {
            throw conflict(executionId, execution.getStatus() + "; stop it first, then abandon it");
        }
        log.info("operator {} abandoned {} execution {}", who, execution.getJobInstance().getJobName(), executionId);
        return executionId;
    }

    private JobExecution find(long executionId) {
        JobExecution execution;
        try {
            execution = repository.getJobExecution(executionId);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.NOT_FOUND, "there is no job execution " + executionId);
        }
        return execution;
    }

    private static JobLaunchRefused conflict(long executionId, String why) {
        return new JobLaunchRefused(JobLaunchRefused.Reason.NOT_ALLOWED, "job execution " + executionId + " is " + why);
    }
}
