package dk.cardoffice.batch.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.launch.JobNodes;

/**
 * Delivers the mail outbox: claims the due messages a page at a time, hands each to the {@link MailSender}, and
 * records at once what became of it — delivered; refused for good (5xx, no address: failed, listed by the
 * operations API); or not now (no connection, 4xx: another attempt after a pause that doubles from
 * {@code retryAfter} up to an hour, failed after {@code maxAttempts}). While the server is away the rest of the page
 * is given back untouched.
 *
 * <p><b>The one window for a repeat.</b> Over SMTP a round keeps one connection open; a page of at most 50 messages goes
 * over it and is marked delivered in one transaction right after the server accepted the last of them (250 after DATA). If the process dies
 * between the server's acceptance and that commit, the page is still pending and is sent again after a restart. No SMTP client can close that window: the protocol has no way to ask a server whether
 * it already took a message, and the server's acceptance and cardoffice's record of it are two systems that cannot
 * commit together. The repeat carries the same Message-ID, so a receiving system that keeps Message-IDs drops it. The
 * .eml sender has no window: it writes nothing for a message whose file exists.
 *
 * <p><b>Lanes and background rounds.</b> A round runs {@code lanes} senders at once, each with its own connection and
 * its own pages (a claim skips rows another lane has locked): one SMTP conversation waits on the server for every
 * command, so a second connection keeps the server busy while the first waits. A job that queues much mail (the
 * nightly statements) calls {@link #deliverSoon()} after each chunk so delivery runs while it makes the next ones, and
 * its last step {@link #finishBackground() waits} for that round before it delivers what is left.
 */
public class MailDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
    /** Messages per SMTP connection and per commit of their deliveries: the most a crash can make a server receive twice. */
    private static final int PAGE = 50;
    /** How long a claim holds: a deliverer that died frees its messages after this. */
    private static final Duration CLAIM = Duration.ofMinutes(5);
    private static final Duration LONGEST_PAUSE = Duration.ofHours(1);

    private final MailOutbox outbox;
    private final MailSender sender;
    private final Clock clock;
    private final Duration retryAfter;
    private final int maxAttempts;
    private final TransactionTemplate ownTransaction;
    private final int lanes;
    private final JobNodes nodes;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "mail-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Integer> background = CompletableFuture.completedFuture(0);

    public MailDispatcher(MailOutbox outbox, MailSender sender, Clock clock, Duration retryAfter, int maxAttempts, int lanes, JobNodes nodes,
            PlatformTransactionManager transactionManager) {
        this.nodes = nodes;
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.maxAttempts = maxAttempts;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lanes = Math.max(1, lanes);
    }

    /**
     * Gives back the messages that processes now dead had claimed: a killed process cannot release its pages, which would
     * otherwise wait for their claims to run out (5 minutes). Run once when a process starts; returns how many.
     */
    public int releaseClaimsOfDeadProcesses() {
        int released = 0;
        for (String claimant : outbox.claimants()) {
            int colon = claimant.indexOf(':');
            if (colon > 0 && nodes.isDead(claimant.substring(0, colon))) {
                released += ownTransaction.execute(tx -> outbox.releaseClaimsOf(claimant));
            }
        }
        if (released > 0) {
            log.info("mail: {} message(s) a stopped process had claimed given back", released);
        }
        return released;
    }

    /** Starts a round in the background unless one is running; what it cannot send waits for the next round. */
    public synchronized void deliverSoon() {
        if (background.isDone()) {
            background = threads.submit(this::deliverDue);
        }
    }

    /** Waits for the background round, if any; returns how many it delivered (0 when it failed: its pages were given back). */
    public int finishBackground() {
        Future<Integer> round;
        synchronized (this) {
            round = background;
        }
        try {
            return round.get();
        } catch (ExecutionException e) {
            log.warn("background mail round failed; what it held is sent by the next round", e.getCause());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Stops the delivery threads (Spring calls it when the context closes). */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Sends every message that is due, over {@code lanes} connections at once; returns how many were delivered. */
    public int deliverDue() {
        List<Future<Integer>> others = new ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            others.add(threads.submit(this::deliverLane));
        }
        RuntimeException broken = null;
        int delivered = 0;
        try {
            delivered += deliverLane();
        } catch (RuntimeException e) {
            broken = e;
        }
        for (Future<Integer> other : others) {
            try {
                delivered += other.get();
            } catch (ExecutionException e) {
                if (broken == null) {
                    broken = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the other lanes sent", e);
            }
        }
        if (broken != null) {
            throw broken;
        }
        return delivered;
    }

    /** One lane: one connection, page after page, until nothing is due. */
    private int deliverLane() {
        int delivered = 0;
        try (MailSender.Round round = sender.open()) {
            while (true) {
                Instant now = clock.instant();
                // the process's incarnation first: a process started after this one died gives its claims back at once
                String claimant = nodes.incarnation() + ":" + UUID.randomUUID().toString().substring(0, 8);
                List<MailOutbox.Message> page = ownTransaction.execute(tx -> outbox.claimDue(claimant, PAGE, now, now.plus(CLAIM)));
                if (page == null || page.isEmpty()) {
                    return delivered;
                }
                try {
                    delivered += deliver(round, page);
                } catch (RuntimeException broken) {
                    // not a refusal: something broke here. The page is given back at once (not after the claim's 5 minutes), so a
                    // restarted job or the next round sends it; some of it may have gone out (the window above)
                    ownTransaction.executeWithoutResult(tx -> outbox.release(page.stream().map(MailOutbox.Message::id).toList()));
                    throw broken;
                }
                if (page.size() < PAGE) {
                    return delivered;
                }
            }
        }
    }

    private int deliver(MailSender.Round round, List<MailOutbox.Message> page) {
        List<MailSender.Refused> outcomes = round.sendAll(page);
        List<MailOutbox.Message> sent = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            MailOutbox.Message message = page.get(i);
            MailSender.Refused refused = outcomes.get(i);
            if (refused == null) {
                sent.add(message);
            } else if (refused.permanent()) {
                log.warn("mail {} to {} refused for good: {}", message.key(), message.recipient(), refused.getMessage());
                ownTransaction.executeWithoutResult(tx -> outbox.failed(message.id(), refused.getMessage()));
            } else {
                later(message, refused);
            }
        }
        // the page's deliveries committed together, right after the server took them (the window above)
        ownTransaction.executeWithoutResult(tx -> outbox.delivered(sent));
        return sent.size();
    }

    private void later(MailOutbox.Message message, MailSender.Refused refused) {
        int attempts = outbox.attempts(message.id()) + 1;
        if (attempts >= maxAttempts) {
            log.warn("mail {} to {} failed {} times, given up: {}", message.key(), message.recipient(), attempts, refused.getMessage());
            ownTransaction.executeWithoutResult(tx -> outbox.failed(message.id(), "gave up after " + attempts + " attempts: " + refused.getMessage()));
            return;
        }
        Duration pause = retryAfter.multipliedBy(1L << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plus(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause);
        log.info("mail {} not sent ({}); attempt {} at {}", message.key(), refused.getMessage(), attempts + 1, next);
        ownTransaction.executeWithoutResult(tx -> outbox.retryLater(message.id(), refused.getMessage(), next));
    }
}
