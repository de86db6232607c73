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

    public ExecutionOwners(JdbcTemplate jdbc, JobNodes nodes) {
        this.jdbc = jdbc;
        this.nodes = nodes;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        jdbc.update("insert into job_execution_owner (job_execution_id, incarnation) values (?, ?) on conflict do nothing",
                execution.getId(), nodes.incarnation());
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
