package dk.cardoffice.integrations.mail;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dk.cardoffice.batch.mail.MailDispatcher;

/**
 * Sends, every {@code cardoffice.mail.poll}, the mail that is due: retries after the SMTP server was away, and mail
 * queued by anything that has no delivery step of its own. Each job that queues mail also sends it at its end; the
 * outbox's claims keep the two from sending one message twice.
 */
public class BackgroundMailSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundMailSender.class);

    private final MailDispatcher dispatcher;
    private final Duration poll;
    private ScheduledExecutorService timer;

    public BackgroundMailSender(MailDispatcher dispatcher, Duration poll) {
        this.dispatcher = dispatcher;
        this.poll = poll;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mail-sender");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::round, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            int sent = dispatcher.deliverDue();
            if (sent > 0) {
                log.info("mail: {} message(s) delivered", sent);
            }
        } catch (RuntimeException e) {
            log.warn("mail delivery round failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
