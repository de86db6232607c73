package dk.cardoffice.batch.launch;

import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which process runs each job execution (registered on every job), and whether someone asked it to
 * stop: an operator's stop is respected after a crash, a shutdown's stop is undone at the next start.
 */
public class ExecutionOwners implements JobExecutionListener {

    public enum StopRequest { OPERATOR, SHUTDOWN }

    public record Owner(String incarnation, StopRequest stopRequested) {
    }

    private final JdbcTemplate jdbc;
    private final JobNodes nodes;
    /** Executions of this process not yet ended: a shutdown asks these to stop without asking the database first. */
    private final java.util.Set<Long> runningHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ExecutionOwners(JdbcTemplate jdbc, JobNodes nodes) {
        this.jdbc = jdbc;
        this.nodes = nodes;
    }

    /** Recorded by the launcher as soon as the execution exists, and again (without effect) when the job begins. */
    public void record(long executionId) {
        runningHere.add(executionId);
        jdbc.update("insert into job_execution_owner (job_execution_id, incarnation) values (?, ?) on conflict do nothing",
                executionId, nodes.incarnation());
    }

    @Override
    public void beforeJob(JobExecution execution) {
        record(execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
        runningHere.remove(execution.getId());
    }

    public java.util.Set<Long> runningHere() {
        return java.util.Set.copyOf(runningHere);
    }

    public Optional<Owner> ownerOf(long executionId) {
        return jdbc.query("select incarnation, stop_requested from job_execution_owner where job_execution_id = ?",
                (rs, i) -> new Owner(rs.getString(1), rs.getString(2) == null ? null : StopRequest.valueOf(rs.getString(2))), executionId)
                .stream().findFirst();
    }

    public boolean ownedHere(long executionId) {
        return ownerOf(executionId).map(o -> o.incarnation().equals(nodes.incarnation())).orElse(false);
    }

    public void stopRequested(long executionId, StopRequest who) {
        jdbc.update("update job_execution_owner set stop_requested = ? where job_execution_id = ?", who.name(), executionId);
    }
}
