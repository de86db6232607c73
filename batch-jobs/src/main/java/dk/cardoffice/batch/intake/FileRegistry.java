package dk.cardoffice.batch.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Every inbound file, once per feed and content (contract §1), with the state it has reached. The
 * database leads and the file system follows: a file is claimed (RECEIVED, with the archive path it
 * is going to) before it is moved, marked ARCHIVED after the move and LAUNCHED when a job execution
 * takes it, so a process that dies anywhere in between leaves a row that says what is left to do
 * (docs/operations.md). The claim is an insert against the unique constraint on (feed, sha256): when
 * two nodes, or a re-dropped file, race for the same content, exactly one insert wins.
 */
public class FileRegistry {

    public enum Status {
        RECEIVED, ARCHIVED, LAUNCHED, PROCESSED, REJECTED, HELD, DISCARDED, FAILED, STOPPED, DUPLICATE;

        /** States a process death can leave a file in, from which the intake resumes it. */
        public boolean halfWay() {
            return this == RECEIVED || this == ARCHIVED;
        }
    }

    public record Entry(long id, String feed, String fileName, String sha256, long sizeBytes, Status status, String storedPath,
            String inboxPath, Long jobExecutionId, String outcome, OffsetDateTime receivedAt, Long duplicateOf) {
    }

    private static final String COLUMNS = "id, feed, file_name, sha256, size_bytes, status, stored_path, inbox_path, job_execution_id, outcome, received_at, duplicate_of";
    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getLong("id"), rs.getString("feed"), rs.getString("file_name"),
            rs.getString("sha256"), rs.getLong("size_bytes"), Status.valueOf(rs.getString("status")), rs.getString("stored_path"),
            rs.getString("inbox_path"), (Long) rs.getObject("job_execution_id", Long.class), rs.getString("outcome"),
            rs.getObject("received_at", OffsetDateTime.class), (Long) rs.getObject("duplicate_of", Long.class));

    private final JdbcTemplate jdbc;

    public FileRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the content for processing: RECEIVED, with where the file lies and where it will be
     * archived. Returns empty when this call won the claim, or the entry that holds the content
     * already (a duplicate, or a claim of an earlier process that died before finishing it).
     */
    public Optional<Entry> claim(String feed, String fileName, String sha256, long sizeBytes, String inboxPath, String archivePath) {
        int inserted = jdbc.update("""
                insert into file_registry (feed, file_name, sha256, size_bytes, original, status, inbox_path, stored_path)
                values (?, ?, ?, ?, true, 'RECEIVED', ?, ?) on conflict do nothing""",
                feed, fileName, sha256, sizeBytes, inboxPath, archivePath);
        return inserted == 1 ? Optional.empty() : original(feed, sha256);
    }

    /** Records a byte-identical copy that was not processed. */
    public void recordDuplicate(String feed, String fileName, String sha256, long sizeBytes, Entry original, String storedPath, String reason) {
        jdbc.update("""
                insert into file_registry (feed, file_name, sha256, size_bytes, original, duplicate_of, status, stored_path, outcome)
                values (?, ?, ?, ?, null, ?, 'DUPLICATE', ?, ?)""", feed, fileName, sha256, sizeBytes, original.id(), storedPath, reason);
    }

    /**
     * Records a file refused before any job saw it (an empty file). It holds no content key: a
     * second empty file is refused for the same reason, not as a duplicate of the first.
     */
    public void recordRefused(String feed, String fileName, String sha256, long sizeBytes, String storedPath, String reason) {
        jdbc.update("""
                insert into file_registry (feed, file_name, sha256, size_bytes, original, status, stored_path, outcome)
                values (?, ?, ?, ?, null, 'REJECTED', ?, ?)""", feed, fileName, sha256, sizeBytes, storedPath, reason);
    }

    public Optional<Entry> original(String feed, String sha256) {
        return jdbc.query("select " + COLUMNS + " from file_registry where feed = ? and sha256 = ? and original = true", ENTRY, feed, sha256)
                .stream().findFirst();
    }

    public Optional<Entry> find(long id) {
        return jdbc.query("select " + COLUMNS + " from file_registry where id = ?", ENTRY, id).stream().findFirst();
    }

    /** The file was moved to {@code storedPath}; a job may take it now. */
    public void archived(long id, String storedPath) {
        jdbc.update("update file_registry set status = 'ARCHIVED', stored_path = ?, updated_at = current_timestamp where id = ?", storedPath, id);
    }

    public void storedAt(String feed, String sha256, String storedPath) {
        jdbc.update("update file_registry set stored_path = ?, updated_at = current_timestamp where feed = ? and sha256 = ? and original = true",
                storedPath, feed, sha256);
    }

    /** The state reached by the job that processes the file (recorded whoever launched it). */
    public void recordOutcome(String feed, String sha256, Status status, long jobExecutionId, String outcome) {
        jdbc.update("""
                update file_registry set status = ?, job_execution_id = ?, outcome = ?, updated_at = current_timestamp
                where feed = ? and sha256 = ? and original = true""",
                status.name(), jobExecutionId, outcome == null ? null : truncate(outcome, 2000), feed, sha256);
    }

    /** A file that could not be taken further (it vanished, or could not be moved): a person must look. */
    public void failed(long id, String reason) {
        jdbc.update("update file_registry set status = 'FAILED', outcome = ?, updated_at = current_timestamp where id = ?",
                truncate(reason, 2000), id);
    }

    /** A file launched directly (operations API) from archive/ rather than through the intake is registered too. */
    public void ensureRegistered(String feed, String fileName, String sha256, long sizeBytes, String storedPath) {
        if (claim(feed, fileName, sha256, sizeBytes, null, storedPath).isEmpty()) {
            original(feed, sha256).ifPresent(e -> archived(e.id(), storedPath));
        }
    }

    /** Files a process left half-way (claimed or archived, not yet taken by a job), oldest first. */
    public List<Entry> halfWay(String feed) {
        return jdbc.query("select " + COLUMNS + " from file_registry where feed = ? and original = true and status in ('RECEIVED', 'ARCHIVED') order by id",
                ENTRY, feed);
    }

    /** Files still LAUNCHED whose job execution has ended: their outcome was never recorded (ExecutionRecovery). */
    public List<Entry> launchedWithEndedExecution() {
        return jdbc.query("select " + COLUMNS.replaceAll("(\\w+)", "r.$1") + """
                 from file_registry r join batch_job_execution e on e.job_execution_id = r.job_execution_id
                where r.original = true and r.status = 'LAUNCHED' and e.status not in ('STARTING', 'STARTED', 'STOPPING') order by r.id""", ENTRY);
    }

    public List<Entry> latest(int limit) {
        return jdbc.query("select " + COLUMNS + " from file_registry order by id desc limit ?", ENTRY, limit);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
