package dk.cardoffice.batch.launch;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Finds the job executions that no living process will finish and finishes them: an execution left
 * STARTED or STOPPING by a process that died (kill -9, OOM, power cut) is marked FAILED through
 * Spring Batch's own {@link JobOperator#recover} and restarted with the same parameters, so it resumes
 * at its last committed chunk; an execution a shutdown stopped is restarted the same way. One row in
 * job_recovery per decision (its primary key is the recovered execution, so two nodes cannot both
 * take one), one log line each.
 */
public class ExecutionRecovery {

    private static final Logger log = LoggerFactory.getLogger(ExecutionRecovery.class);

    public enum Decision { RESTARTED, RECOVERED, NOT_RESTARTED }

    public record Recovered(long failedExecutionId, String jobName, Decision decision, Long newExecutionId, String reason) {
    }

    private final JobStarter jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final JobNodes nodes;
    private final ExecutionOwners owners;
    private final JdbcTemplate jdbc;

    public ExecutionRecovery(JobStarter jobs, JobOperator operator, JobRepository repository, JobNodes nodes, ExecutionOwners owners,
            JdbcTemplate jdbc) {
        this.jobs = jobs;
        this.operator = operator;
        this.repository = repository;
        this.nodes = nodes;
        this.owners = owners;
        this.jdbc = jdbc;
    }

    /** Recovers every orphaned execution and restarts what should run on; oldest first. */
    public List<Recovered> recoverOrphans() {
        List<Recovered> done = new ArrayList<>();
        for (JobExecution execution : orphans()) {
            recover(execution).ifPresent(done::add);
        }
        for (JobExecution execution : stoppedByShutdown()) {
            restartStopped(execution).ifPresent(done::add);
        }
        return done;
    }

    private List<JobExecution> orphans() {
        List<JobExecution> orphans = new ArrayList<>();
        for (String jobName : jobs.jobNames()) {
            for (JobExecution execution : repository.findRunningJobExecutions(jobName)) {
                Optional<ExecutionOwners.Owner> owner = owners.ownerOf(execution.getId());
                boolean orphan = owner.isPresent() ? nodes.isDead(owner.get().incarnation()) : ownerlessOrphan(execution);
                if (orphan) {
                    orphans.add(execution);
                }
            }
        }
        orphans.sort(Comparator.comparing(JobExecution::getId));
        return orphans;
    }

    /**
     * An execution whose process died after creating it, before the job's first listener recorded
     * the owner: orphaned once the lease has passed, or at once when it is older than this process
     * and no other process is alive to own it (a single node restarting).
     */
    private boolean ownerlessOrphan(JobExecution execution) {
        LocalDateTime created = execution.getCreateTime();
        if (created == null) {
            return false;
        }
        return created.isBefore(LocalDateTime.now().minus(nodes.lease()))
                || (created.isBefore(nodes.startedAt()) && !nodes.anotherProcessAlive());
    }

    private Optional<Recovered> recover(JobExecution execution) {
        Optional<ExecutionOwners.Owner> owner = owners.ownerOf(execution.getId());
        String who = owner.map(o -> nodes.describe(o.incarnation())).orElse("a process that died while launching it");
        String reason = execution.getJobInstance().getJobName() + " execution " + execution.getId() + " was left " + execution.getStatus()
                + " by " + who + ", which is gone";
        if (!claim(execution, reason)) {
            return Optional.empty();
        }
        execution.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), "the process running it died; recovered by "
                + nodes.describe(nodes.incarnation())));
        operator.recover(execution);
        if (owner.map(o -> o.stopRequested() == ExecutionOwners.StopRequest.OPERATOR).orElse(false)) {
            return Optional.of(decided(execution, Decision.NOT_RESTARTED, null, reason + "; an operator had asked it to stop, so it is not restarted"));
        }
        return Optional.of(restart(execution, reason));
    }

    /** Executions a shutdown stopped, which nothing has restarted yet. */
    private List<JobExecution> stoppedByShutdown() {
        List<Long> ids = jdbc.queryForList("""
                select o.job_execution_id from job_execution_owner o
                join batch_job_execution e on e.job_execution_id = o.job_execution_id
                where o.stop_requested = 'SHUTDOWN' and e.status = 'STOPPED'
                and not exists (select 1 from job_recovery r where r.failed_execution_id = o.job_execution_id)
                order by o.job_execution_id""", Long.class);
        return ids.stream().map(repository::getJobExecution).toList();
    }

    private Optional<Recovered> restartStopped(JobExecution execution) {
        if (owners.ownedHere(execution.getId())) {
            return Optional.empty();
        }
        String reason = execution.getJobInstance().getJobName() + " execution " + execution.getId() + " was stopped by the shutdown of "
                + nodes.describe(owners.ownerOf(execution.getId()).orElseThrow().incarnation());
        if (!claim(execution, reason)) {
            return Optional.empty();
        }
        return Optional.of(restart(execution, reason));
    }

    private Recovered restart(JobExecution execution, String reason) {
        JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != execution.getId()) {
            return decided(execution, Decision.NOT_RESTARTED, null, reason + "; execution " + last.getId() + " of the same run came after it");
        }
        try {
            long restarted = jobs.restart(execution);
            return decided(execution, Decision.RESTARTED, restarted, reason + "; restarted as execution " + restarted);
        } catch (JobLaunchRefused refused) {
            return decided(execution, Decision.NOT_RESTARTED, null, reason + "; not restarted: " + refused.getMessage());
        }
    }

    /** Takes the decision for this process; false when another process took it first. */
    private boolean claim(JobExecution execution, String reason) {
        return jdbc.update("""
                insert into job_recovery (failed_execution_id, job_name, decision, recovered_by, reason)
                values (?, ?, 'RECOVERED', ?, ?) on conflict do nothing""",
                execution.getId(), execution.getJobInstance().getJobName(), nodes.incarnation(), truncate(reason)) == 1;
    }

    private Recovered decided(JobExecution execution, Decision decision, Long newExecutionId, String reason) {
        jdbc.update("update job_recovery set decision = ?, new_execution_id = ?, reason = ? where failed_execution_id = ?",
                decision.name(), newExecutionId, truncate(reason), execution.getId());
        log.warn("recovery: {}", reason);
        return new Recovered(execution.getId(), execution.getJobInstance().getJobName(), decision, newExecutionId, reason);
    }

    /** The recovery that ended or started this execution, if any (operations API). */
    public record Link(long failedExecutionId, Long newExecutionId, String decision, String reason) {
    }

    private static final String LINKS = "select failed_execution_id, new_execution_id, decision, reason from job_recovery ";
    private static final RowMapper<Link> LINK = (rs, i) -> new Link(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3),
            rs.getString(4));

    public Optional<Link> recoveredFrom(long executionId) {
        return jdbc.query(LINKS + "where new_execution_id = ?", LINK, executionId).stream().findFirst();
    }

    public Optional<Link> recoveryOf(long executionId) {
        return jdbc.query(LINKS + "where failed_execution_id = ?", LINK, executionId).stream().findFirst();
    }

    public List<Link> latest(int limit) {
        return jdbc.query(LINKS + "order by decided_at desc, failed_execution_id desc limit ?", LINK, limit);
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
