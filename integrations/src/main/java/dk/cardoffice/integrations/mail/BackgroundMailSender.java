package dk.cardoffice.integrations.mail;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.integrations.lifecycle.PeriodicTask;

/**
 * Sends, every {@code cardoffice.mail.poll}, the mail that is due: retries after the SMTP server was away, and mail
 * queued by anything that has no delivery step of its own. Each job that queues mail also sends it at its end; the
 * outbox's claims keep the two from sending one message twice.
 */
public class BackgroundMailSender extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BackgroundMailSender.class);

    private final MailDispatcher dispatcher;
    private final Duration poll;
    private boolean first = true;

    public BackgroundMailSender(MailDispatcher dispatcher, Duration poll) {
        super("mail-sender");
        this.dispatcher = dispatcher;
        this.poll = poll;
    }

    @Override
    protected long periodMillis() {
        return poll.toMillis();
    }

    @Override
    protected void round() {
        try {
            if (first) {
                first = false;
                dispatcher.releaseClaimsOfDeadProcesses();
            }
            int sent = dispatcher.deliverDue();
            if (sent > 0) {
                log.info("mail: {} message(s) delivered", sent);
            }
        } catch (RuntimeException e) {
            log.warn("mail delivery round failed: {}", e.getMessage());
        }
    }
}
