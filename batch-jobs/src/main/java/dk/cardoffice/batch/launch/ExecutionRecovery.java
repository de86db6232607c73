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

import dk.cardoffice.batch.intake.FileRegistry;

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

    /** RECOVERED: marked failed, restart still to come; OPERATOR_RESTART: not recovery at all, an operator's restart. */
    public enum Decision { RESTARTED, RECOVERED, NOT_RESTARTED, OPERATOR_RESTART }

    public record Recovered(long failedExecutionId, String jobName, Decision decision, Long newExecutionId, String reason) {
    }

    private final JobStarter jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final JobNodes nodes;
    private final ExecutionOwners owners;
    private final JdbcTemplate jdbc;
    private final FileRegistry registry;

    private final dk.cardoffice.batch.intake.InboundFolders folders;

    public ExecutionRecovery(JobStarter jobs, JobOperator operator, JobRepository repository, JobNodes nodes, ExecutionOwners owners,
            JdbcTemplate jdbc, FileRegistry registry, dk.cardoffice.batch.intake.InboundFolders folders) {
        this.registry = registry;
        this.folders = folders;
        this.jobs = jobs;
        this.operator = operator;
        this.repository = repository;
        this.nodes = nodes;
        this.owners = owners;
        this.jdbc = jdbc;
    }

    /** Recovers every orphaned execution and restarts what should run on; oldest first. */
    public synchronized List<Recovered> recoverOrphans() {
        List<Recovered> done = new ArrayList<>();
        for (JobExecution execution : orphans()) {
            recover(execution).ifPresent(done::add);
        }
        for (JobExecution execution : stoppedByShutdown()) {
            restartStopped(execution).ifPresent(done::add);
        }
        for (JobExecution execution : unfinishedRecoveries()) {
            finishRecovery(execution).ifPresent(done::add);
        }
        recordOutcomesOfEndedFiles();
        return done;
    }

    /**
     * Spring Batch saves a job's end before its listeners run: a process killed in between leaves the execution ended
     * and its file LAUNCHED, with nothing left to run that would record the outcome. Recorded here from the execution
     * as the file's listener would have (unless a living process may still be in that listener).
     */
    private static final java.time.Duration LISTENER_GRACE = java.time.Duration.ofSeconds(30);

    private void recordOutcomesOfEndedFiles() {
        for (FileRegistry.Entry file : registry.launchedWithEndedExecution()) {
            long id = file.jobExecutionId();
            JobExecution execution = repository.getJobExecution(id);
            if (execution == null) {
                continue;
            }
            // the listener takes milliseconds: wait for it while its process lives, unless the end is long past (it failed)
            Optional<ExecutionOwners.Owner> owner = owners.ownerOf(id);
            boolean processGone = owner.isEmpty() || (!owner.get().incarnation().equals(nodes.incarnation()) && nodes.isDead(owner.get().incarnation()));
            boolean endedLongAgo = execution.getEndTime() != null && execution.getEndTime().isBefore(LocalDateTime.now().minus(LISTENER_GRACE));
            if (!processGone && !endedLongAgo) {
                continue;
            }
            new dk.cardoffice.batch.intake.InboundFileListener(file.feed(), registry, folders).recordOutcome(execution);
            log.warn("recovery: {} file {} was left LAUNCHED by execution {}, which ended {} without recording it (its process stopped in"
                    + " between); recorded now", file.feed(), file.fileName(), id, execution.getStatus());
        }
    }

    /** Recoveries that were claimed but not decided: the process that took them died, or the restart failed unexpectedly. */
    private List<JobExecution> unfinishedRecoveries() {
        return jdbc.queryForList("select failed_execution_id from job_recovery where decision = 'RECOVERED' order by failed_execution_id",
                Long.class).stream().map(repository::getJobExecution).filter(java.util.Objects::nonNull).toList();
    }

    private Optional<Recovered> finishRecovery(JobExecution execution) {
        if (execution.getStatus().isRunning()) {
            return recover(execution);
        }
        String reason = execution.getJobInstance().getJobName() + " execution " + execution.getId()
                + " was recovered, but not yet restarted when the recovering process stopped";
        return claim(execution, reason) ? Optional.of(restart(execution, reason)) : Optional.empty();
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
     * An execution whose process died between creating it and recording its owner (a moment): orphaned
     * when it is older than this process and no other process is alive to own it (a single node
     * restarting), or once the lease has passed since it was created.
     */
    private boolean ownerlessOrphan(JobExecution execution) {
        LocalDateTime created = execution.getCreateTime();
        if (created == null) {
            return false;
        }
        // an execution created while this process runs is recorded by it (JobStarter): one without an owner is another's
        return created.isBefore(nodes.startedAt())
                && (!nodes.anotherProcessAlive() || created.isBefore(LocalDateTime.now().minus(nodes.lease())));
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
            return Optional.of(notRestarted(execution, reason + "; an operator had asked it to stop, so it is not restarted"));
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
            return notRestarted(execution, reason + "; not restarted: " + refused.getMessage());
        } catch (RuntimeException e) {
            // the claim stays RECOVERED: the next sweep tries again
            log.warn("recovery: {}; restart failed, tried again at the next heartbeat: {}", reason, e.getMessage());
            return new Recovered(execution.getId(), execution.getJobInstance().getJobName(), Decision.RECOVERED, null, reason);
        }
    }

    /** Not restarted: its file (if it has one) must not stay LAUNCHED, as if something were still working on it. */
    private Recovered notRestarted(JobExecution execution, String reason) {
        String sha256 = execution.getJobParameters().getString("sha256");
        String feed = jobs.spec(execution.getJobInstance().getJobName()).feed();
        if (sha256 != null && feed != null) {
            registry.recordOutcome(feed, sha256, FileRegistry.Status.FAILED, execution.getId(),
                    "its job was interrupted and not restarted (" + reason + "); restart the execution or abandon it");
        }
        return decided(execution, Decision.NOT_RESTARTED, null, reason);
    }

    /**
     * Takes the decision for this process; false when another living process (or an operator's
     * restart) took it. An undecided claim of a process that died is taken over.
     */
    private boolean claim(JobExecution execution, String reason) {
        if (jdbc.update("""
                insert into job_recovery (failed_execution_id, job_name, decision, recovered_by, reason)
                values (?, ?, 'RECOVERED', ?, ?) on conflict do nothing""",
                execution.getId(), execution.getJobInstance().getJobName(), nodes.incarnation(), truncate(reason)) == 1) {
            return true;
        }
        List<String> undecidedBy = jdbc.queryForList("select recovered_by from job_recovery where failed_execution_id = ? and decision = 'RECOVERED'",
                String.class, execution.getId());
        if (undecidedBy.isEmpty() || !(undecidedBy.get(0).equals(nodes.incarnation()) || nodes.isDead(undecidedBy.get(0)))) {
            return false;
        }
        return jdbc.update("update job_recovery set recovered_by = ? where failed_execution_id = ? and decision = 'RECOVERED' and recovered_by = ?",
                nodes.incarnation(), execution.getId(), undecidedBy.get(0)) == 1;
    }

    /**
     * An operator's restart takes the same claim as recovery, so the two can never both restart one
     * execution; false when recovery or another operator has restarted it already.
     */
    public boolean claimForOperator(JobExecution execution, String operatorName) {
        String reason = "operator " + operatorName + " restarted it";
        return jdbc.update("""
                insert into job_recovery (failed_execution_id, job_name, decision, recovered_by, reason)
                values (?, ?, 'OPERATOR_RESTART', ?, ?) on conflict do nothing""",
                execution.getId(), execution.getJobInstance().getJobName(), nodes.incarnation(), reason) == 1
                // recovery decided not to restart it (an operator had stopped it): an operator may
                || jdbc.update("""
                        update job_recovery set decision = 'OPERATOR_RESTART', recovered_by = ?, reason = ?
                        where failed_execution_id = ? and decision = 'NOT_RESTARTED'""", nodes.incarnation(), reason, execution.getId()) == 1;
    }

    public void operatorRestarted(long executionId, Long newExecutionId) {
        if (newExecutionId == null) {
            jdbc.update("delete from job_recovery where failed_execution_id = ? and decision = 'OPERATOR_RESTART'", executionId);
        } else {
            jdbc.update("update job_recovery set new_execution_id = ?, reason = reason || ? where failed_execution_id = ?", newExecutionId,
                    " as execution " + newExecutionId, executionId);
        }
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
