package dk.cardoffice.batch.mail;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * E-mail is queued in the database in the same transaction as the change it tells about, under a
 * key that makes the message unique; {@link MailDelivery} sends it later. A job that is restarted
 * queues the same key again and nothing happens: a message is sent once.
 */
public class MailOutbox {

    public record Message(long id, String key, String recipient, String subject, String body) {
    }

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
        jdbc.batchUpdate("insert into mail_outbox (message_key, recipient, subject, body) values (?, ?, ?, ?) on conflict do nothing",
                messages.stream().map(m -> new Object[] {m.key(), m.recipient(), m.subject(), m.body()}).toList());
    }

    public List<Message> pending(int limit) {
        return jdbc.query("select id, message_key, recipient, subject, body from mail_outbox where delivered_at is null order by id limit ?",
                (rs, i) -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), limit);
    }

    public void delivered(long id) {
        jdbc.update("update mail_outbox set delivered_at = current_timestamp where id = ?", id);
    }

    /** Marks a page of messages delivered in one statement. */
    public void delivered(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("update mail_outbox set delivered_at = current_timestamp where id = any(?)", dk.cardoffice.ledger.SqlArrays.bigints(ids));
        }
    }
}
