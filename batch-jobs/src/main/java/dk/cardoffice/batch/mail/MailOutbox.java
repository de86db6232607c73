package dk.cardoffice.batch.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * E-mail is queued in the database in the same transaction as the change it tells about, under a
 * key that makes the message unique; {@link MailDispatcher} sends it later. A job that is restarted
 * queues the same key again and nothing happens: a message is queued once.
 */
public class MailOutbox {

    /** A message to send; {@code html} may be null (plain text only). */
    public record Message(long id, String key, String recipient, String subject, String body, String html) {

        public Message(long id, String key, String recipient, String subject, String body) {
            this(id, key, recipient, subject, body, null);
        }

        /**
         * The Message-ID header, the same however often the message is sent: a receiving server or client that
         * keeps Message-IDs can tell a repeat (see {@link MailDispatcher} for when one can happen).
         */
        public String messageId() {
            return "<" + Integer.toUnsignedString(key.hashCode(), 36) + "." + id + "@cardoffice>";
        }
    }

    /** A message that waits for another attempt or failed for good, for the operations API. */
    public record Undelivered(long id, String key, String recipient, String subject, int attempts, OffsetDateTime nextAttemptAt,
            OffsetDateTime failedAt, String lastError, OffsetDateTime queuedAt) {
    }

    private static final String COLUMNS = "id, message_key, recipient, subject, body, html_body";

    private final JdbcTemplate jdbc;

    public MailOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a message in the caller's transaction; false when its key was queued before. */
    public boolean queue(String key, String recipient, String subject, String body) {
        return jdbc.update("insert into mail_outbox (message_key, recipient, subject, body) values (?, ?, ?, ?) on conflict do nothing",
                key, recipient, subject, body) == 1;
    }

    /** Queues several messages in one round trip (same rule: a key queued before is left as it was). */
    public void queueAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into mail_outbox (message_key, recipient, subject, body, html_body) values (?, ?, ?, ?, ?) on conflict do nothing",
                messages.stream().map(m -> new Object[] {m.key(), m.recipient(), m.subject(), m.body(), m.html()}).toList());
    }

    /**
     * Claims up to {@code limit} messages that are due (not delivered, not failed, no pause pending, not claimed by a
     * living deliverer) for {@code claimant} until {@code until}, and returns them; in the caller's transaction. Two
     * deliverers claiming at once get different messages: each locks the rows it picks and skips those another has
     * locked. Every step goes through an index (the pending index on (delivered_at, id), then the primary key): a
     * claim costs the same for the first page of a night's statements as for the last.
     */
    public List<Message> claimDue(String claimant, int limit, Instant now, Instant until) {
        Timestamp at = Timestamp.from(now);
        List<Long> ids = jdbc.queryForList("""
                select id from mail_outbox
                where delivered_at is null and failed_at is null and (next_attempt_at is null or next_attempt_at <= ?)
                  and (claimed_until is null or claimed_until < ?)
                order by id limit ? for update skip locked""", Long.class, at, at, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        Object claimed = dk.cardoffice.ledger.SqlArrays.bigints(ids);
        jdbc.update("update mail_outbox set claimed_by = ?, claimed_until = ? where id = any(?)", claimant, Timestamp.from(until), claimed);
        return jdbc.query("select " + COLUMNS + " from mail_outbox where id = any(?) order by id",
                (rs, i) -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), claimed);
    }

    /** Marks a page of messages delivered, with the Message-ID each went out with, in one round trip. */
    public void delivered(List<Message> messages) {
        if (!messages.isEmpty()) {
            jdbc.batchUpdate("update mail_outbox set delivered_at = current_timestamp, message_id = ?, claimed_by = null, claimed_until = null,"
                    + " attempts = attempts + 1 where id = ?", messages.stream().map(m -> new Object[] {m.messageId(), m.id()}).toList());
        }
    }

    /** Who holds claims on messages not yet delivered (a few: at most a page per lane of each process). */
    public List<String> claimants() {
        return jdbc.queryForList("select distinct claimed_by from mail_outbox where claimed_by is not null and delivered_at is null and failed_at is null",
                String.class);
    }

    /** Gives back every message {@code claimant} holds; how many. */
    public int releaseClaimsOf(String claimant) {
        return jdbc.update("update mail_outbox set claimed_by = null, claimed_until = null where claimed_by = ? and delivered_at is null", claimant);
    }

    /** Gives claimed messages back without an attempt (the server went away while a page was being sent). */
    public void release(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("update mail_outbox set claimed_by = null, claimed_until = null where id = any(?) and delivered_at is null",
                    dk.cardoffice.ledger.SqlArrays.bigints(ids));
        }
    }

    /** The server could not take it now: another attempt at {@code next}. */
    public void retryLater(long id, String error, Instant next) {
        jdbc.update("update mail_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = null, claimed_until = null"
                + " where id = ?", Timestamp.from(next), cut(error), id);
    }

    /** The server refused it for good (5xx), or it failed too often: no further attempt. */
    public void failed(long id, String error) {
        jdbc.update("update mail_outbox set attempts = attempts + 1, failed_at = current_timestamp, last_error = ?, claimed_by = null,"
                + " claimed_until = null where id = ?", cut(error), id);
    }

    public int attempts(long id) {
        return jdbc.queryForObject("select attempts from mail_outbox where id = ?", Integer.class, id);
    }

    /** Messages that failed for good (newest first), then those waiting for another attempt (oldest first). */
    public List<Undelivered> undelivered(int limit) {
        return jdbc.query("""
                select id, message_key, recipient, subject, attempts, next_attempt_at, failed_at, last_error, created_at from mail_outbox
                where delivered_at is null and (failed_at is not null or attempts > 0)
                order by case when failed_at is null then 1 else 0 end, failed_at desc, id limit ?""",
                (rs, i) -> new Undelivered(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getObject(9, OffsetDateTime.class)),
                limit);
    }

    private static String cut(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
