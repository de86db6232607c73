package dk.cardoffice.batch.enrolment;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Snapshots held by the mass-leave guard, for the operations API and the console. */
public class EnrolmentHolds {

    public record Hold(long id, String sha256, String fileName, String filePath, String institutionNo, int activeCount, int endingCount,
            String status, long jobExecutionId, String decidedBy, OffsetDateTime decidedAt, OffsetDateTime createdAt) {
    }

    private static final RowMapper<Hold> HOLD = (rs, i) -> new Hold(rs.getLong("id"), rs.getString("sha256"), rs.getString("file_name"),
            rs.getString("file_path"), rs.getString("institution_no"), rs.getInt("active_count"), rs.getInt("ending_count"),
            rs.getString("status"), rs.getLong("job_execution_id"), rs.getString("decided_by"),
            rs.getObject("decided_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    public EnrolmentHolds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Hold> all() {
        return jdbc.query("select * from enrolment_hold order by id desc", HOLD);
    }

    public Optional<Hold> find(long id) {
        return jdbc.query("select * from enrolment_hold where id = ?", HOLD, id).stream().findFirst();
    }

    /** The name of a snapshot of the same institution applied after the hold was made, or null. */
    public String newerAppliedSnapshot(Hold hold) {
        List<String> newer = jdbc.queryForList("""
                select r.file_name from file_registry r
                where r.feed = 'enrolment' and r.status = 'PROCESSED' and r.original = true and r.sha256 <> ?
                  and r.file_name like ? and r.updated_at > ? order by r.updated_at desc""",
                String.class, hold.sha256(), "enrolment_" + hold.institutionNo() + "_%", hold.createdAt());
        return newer.isEmpty() ? null : newer.get(0);
    }

    /** Moves a HELD hold to APPROVED or DISCARDED; false when it was decided already (by someone else). */
    public boolean decide(long id, String decision, String operator) {
        return jdbc.update("""
                update enrolment_hold set status = ?, decided_by = ?, decided_at = current_timestamp
                where id = ? and status = 'HELD'""", decision, operator, id) == 1;
    }
}
