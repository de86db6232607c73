package dk.cardoffice.batch.enrolment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the valid staged lines not applied yet, a page at a time in line order. Applying a chunk
 * records every line's outcome in the chunk's transaction, so after a crash the restarted step
 * resumes after the highest line with an outcome: no reader state to keep, nothing applied twice.
 */
public class PendingLineReader implements ItemReader<StagedLine> {

    private final JdbcTemplate jdbc;
    private final String sha256;
    private final int pageSize;
    private final Deque<StagedLine> page = new ArrayDeque<>();
    private Integer lastLine;
    private boolean exhausted;

    public PendingLineReader(JdbcTemplate jdbc, String sha256, int pageSize) {
        this.jdbc = jdbc;
        this.sha256 = sha256;
        this.pageSize = pageSize;
    }

    @Override
    public StagedLine read() {
        if (lastLine == null) {
            // chunks are applied in line order and every line of a committed chunk has an outcome,
            // so everything up to the highest outcome is done
            lastLine = jdbc.queryForObject("select coalesce(max(line_no), 0) from enrolment_outcome where sha256 = ?", Integer.class, sha256);
        }
        if (page.isEmpty() && !exhausted) {
            page.addAll(jdbc.query("""
                    select * from enrolment_line where sha256 = ? and line_no > ? and status is null
                    order by line_no limit ?""", (rs, i) -> map(rs), sha256, lastLine, pageSize));
            exhausted = page.size() < pageSize;
        }
        StagedLine next = page.poll();
        if (next != null) {
            lastLine = next.lineNo();
        }
        return next;
    }

    static StagedLine map(ResultSet rs) throws SQLException {
        return new StagedLine(rs.getInt("line_no"), rs.getString("pupil_id"), rs.getString("cpr_hmac"), rs.getString("cpr_masked"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("class_name"),
                rs.getDate("start_date") == null ? null : rs.getDate("start_date").toLocalDate(),
                rs.getDate("end_date") == null ? null : rs.getDate("end_date").toLocalDate(),
                guardian(rs, "guardian1"), guardian(rs, "guardian2"), null);
    }

    private static StagedLine.Guardian guardian(ResultSet rs, String prefix) throws SQLException {
        String hmac = rs.getString(prefix + "_cpr_hmac");
        return hmac == null ? null : new StagedLine.Guardian(hmac, rs.getString(prefix + "_cpr_masked"), rs.getString(prefix + "_name"),
                rs.getString(prefix + "_email"));
    }
}
