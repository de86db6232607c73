package dk.cardoffice.batch.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Every inbound file, once per feed and content (contract §1). The claim is an insert against the
 * unique constraint on (feed, sha256): when two nodes, or a re-dropped file, race for the same
 * content, exactly one insert wins and the others learn which file they duplicate.
 */
public class FileRegistry {

    public enum Status { PROCESSING, PROCESSED, REJECTED, HELD, DISCARDED, FAILED, DUPLICATE }

    public record Entry(long id, String feed, String fileName, String sha256, long sizeBytes, Status status, String storedPath,
            Long jobExecutionId, String outcome, OffsetDateTime receivedAt, Long duplicateOf) {
    }

    private static final String COLUMNS = "id, feed, file_name, sha256, size_bytes, status, stored_path, job_execution_id, outcome, received_at, duplicate_of";
    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getLong("id"), rs.getString("feed"), rs.getString("file_name"),
            rs.getString("sha256"), rs.getLong("size_bytes"), Status.valueOf(rs.getString("status")), rs.getString("stored_path"),
            (Long) rs.getObject("job_execution_id", Long.class), rs.getString("outcome"), rs.getObject("received_at", OffsetDateTime.class),
            (Long) rs.getObject("duplicate_of", Long.class));

    private final JdbcTemplate jdbc;

    public FileRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the content for processing. Returns empty when this call won the claim, or the
     * original entry when the same content was claimed before (the caller then has a duplicate).
     */
    public Optional<Entry> claim(String feed, String fileName, String sha256, long sizeBytes) {
        int inserted = jdbc.update("""
                insert into file_registry (feed, file_name, sha256, size_bytes, original, status)
                values (?, ?, ?, ?, true, 'PROCESSING') on conflict do nothing""", feed, fileName, sha256, sizeBytes);
        return inserted == 1 ? Optional.empty() : original(feed, sha256);
    }

    /** Records a byte-identical copy that was not processed. */
    public void recordDuplicate(String feed, String fileName, String sha256, long sizeBytes, Entry original, String storedPath, String reason) {
        jdbc.update("""
                insert into file_registry (feed, file_name, sha256, size_bytes, original, duplicate_of, status, stored_path, outcome)
                values (?, ?, ?, ?, null, ?, 'DUPLICATE', ?, ?)""", feed, fileName, sha256, sizeBytes, original.id(), storedPath, reason);
    }

    public Optional<Entry> original(String feed, String sha256) {
        return jdbc.query("select " + COLUMNS + " from file_registry where feed = ? and sha256 = ? and original = true", ENTRY, feed, sha256)
                .stream().findFirst();
    }

    public void storedAt(String feed, String sha256, String storedPath) {
        jdbc.update("update file_registry set stored_path = ?, updated_at = current_timestamp where feed = ? and sha256 = ? and original = true",
                storedPath, feed, sha256);
    }

    /** The outcome of the job that processed the file (called whoever launched it). */
    public void recordOutcome(String feed, String sha256, Status status, long jobExecutionId, String outcome) {
        jdbc.update("""
                update file_registry set status = ?, job_execution_id = ?, outcome = ?, updated_at = current_timestamp
                where feed = ? and sha256 = ? and original = true""",
                status.name(), jobExecutionId, outcome == null ? null : truncate(outcome, 2000), feed, sha256);
    }

    /** A file launched directly (operations API) rather than through the intake is registered too. */
    public void ensureRegistered(String feed, String fileName, String sha256, long sizeBytes, String storedPath) {
        if (claim(feed, fileName, sha256, sizeBytes).isEmpty()) {
            storedAt(feed, sha256, storedPath);
        }
    }

    public List<Entry> latest(int limit) {
        return jdbc.query("select " + COLUMNS + " from file_registry order by id desc limit ?", ENTRY, limit);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
