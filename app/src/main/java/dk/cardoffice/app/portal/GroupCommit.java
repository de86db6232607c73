package dk.cardoffice.app.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.portal.PortalPostingWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group commit for the portal's busy writes, deposits and withdrawals. A request thread hands its
 * checked request to one writer thread, which takes whatever has queued up (up to {@value #MAX_BATCH})
 * and, in one database transaction, claims the caller ids, posts the money
 * ({@link PortalPostingWriter}) and stores the answers; then each caller gets its answer. Under load
 * that is a dozen statements and one commit for many requests instead of ten statements and a commit
 * each (docs/performance.md); alone, a request is a batch of one.
 *
 * <p>Whatever is unusual goes the one-by-one way of {@link IdempotentCalls} instead, on the caller's
 * own thread, after the batch: an id that is claimed already (a repeat, also the same id twice in one
 * batch) and every request of a batch that failed (it was rolled back whole, so nothing of it stays;
 * if the commit went through after all, the one-by-one way finds the stored answer). The answers are
 * the same either way, because the rules and the answers are the same code.
 *
 * <p>A call is written by exactly one of the two ways: the writer takes it ({@code QUEUED → TAKEN}) or
 * its caller, tired of waiting, abandons it ({@code QUEUED → ABANDONED}) and goes one by one; whoever
 * is second leaves it alone. A caller whose call was taken waits for its batch, however long: the batch
 * decides what happened to it.
 */
public class GroupCommit implements DisposableBean {

    static final int MAX_BATCH = 64;
    /** More waiting calls than request threads means the writer is stuck: the rest go one by one. */
    private static final int MAX_QUEUED = 1024;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PortalPostingWriter postings;
    private final IdempotentCalls oneByOne;
    private final JsonMapper json;
    private final PortalProblems problems;
    private final Clock clock;
    private final Duration patience;
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private volatile boolean closed;

    /** {@code patience}: how long a caller waits for the writer to take its call before it goes one by one. */
    public GroupCommit(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, PortalPostingWriter postings, IdempotentCalls oneByOne,
            JsonMapper json, PortalProblems problems, Clock clock, Duration patience) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.postings = postings;
        this.oneByOne = oneByOne;
        this.json = json;
        this.problems = problems;
        this.clock = clock;
        this.patience = patience;
        this.writer = new Thread(this::writeWhatQueues, "portal-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    private enum State { QUEUED, TAKEN, ABANDONED }

    /** One caller's request; {@code answer} is completed with its answer, or with null for the one-by-one way. */
    private record Call(String operation, String requestId, String hash, PortalPostingWriter.Move move, Function<Object, Object> answerOf,
            CompletableFuture<ResponseEntity<String>> answer, AtomicReference<State> state) {

        boolean take() {
            return state.compareAndSet(State.QUEUED, State.TAKEN);
        }

        boolean abandon() {
            return state.compareAndSet(State.QUEUED, State.ABANDONED);
        }
    }

    /**
     * Posts the move under the caller's id and answers like {@link IdempotentCalls#call}: 201 with
     * {@code answerOf} what was done, the stored answer for a repeat, 409 for the id with another
     * request, a problem document for a refusal.
     */
    public ResponseEntity<String> call(String operation, String requestId, Object request, PortalPostingWriter.Move move,
            Function<Object, Object> answerOf) {
        Call call = new Call(operation, requestId, oneByOne.hashOf(request), move, answerOf, new CompletableFuture<>(),
                new AtomicReference<>(State.QUEUED));
        ResponseEntity<String> answer = null;
        if (!closed && queue.offer(call)) {
            answer = awaitBatch(call);
        }
        return answer != null ? answer : oneByOne(call, request);
    }

    /** The batch's answer, or null when the call is to be written one by one (its batch failed, or it was never taken). */
    private ResponseEntity<String> awaitBatch(Call call) {
        try {
            return call.answer().get(closed || !writer.isAlive() ? 0 : patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (call.abandon()) {
                queue.remove(call);
                log.warn("{} {} was not taken by the group commit within {} ms; written one by one", call.operation(), call.requestId(),
                        patience.toMillis());
                return null;
            }
            return answerOfTaken(call);
        } catch (InterruptedException e) {
            if (call.abandon()) {
                queue.remove(call);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the group commit took the call; nothing was written", e);
            }
            ResponseEntity<String> answer = answerOfTaken(call);
            Thread.currentThread().interrupt();
            return answer;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // the writer completes answers, never exceptionally
        }
    }

    /** A taken call's batch decides what happened to it: wait for its answer, whatever interrupts. */
    private static ResponseEntity<String> answerOfTaken(Call call) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return call.answer().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ResponseEntity<String> oneByOne(Call call, Object request) {
        return oneByOne.call(call.operation(), call.requestId(), request, HttpStatus.CREATED,
                () -> call.answerOf().apply(postings.write(List.of(call.move()), clock.instant()).get(0).orThrow(Object.class)));
    }

    private void writeWhatQueues() {
        try {
            while (!closed) {
                Call first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Call> batch = new ArrayList<>(MAX_BATCH);
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(call -> !call.take()); // abandoned by a caller who went one by one
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    write(batch);
                } catch (Throwable e) {
                    log.error("the portal's group commit failed; its callers are written one by one", e);
                    batch.forEach(call -> call.answer().complete(null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // stopped or died: whatever still waits goes one by one, and so does every call from now on
            closed = true;
            List<Call> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(call -> call.answer().complete(null));
        }
    }

    /**
     * Writes the calls it can claim and completes them with their answers; every other call of the
     * batch (an id twice in it, an id claimed before, or all of them when the transaction failed) is
     * completed with null, for the one-by-one way.
     */
    private void write(List<Call> batch) {
        List<Call> fresh = new ArrayList<>(batch.size());
        Set<String> ids = new HashSet<>();
        for (Call call : batch) {
            if (ids.add(key(call.operation(), call.requestId()))) {
                fresh.add(call);
            }
        }
        List<Call> claimed = new ArrayList<>(fresh.size());
        List<ResponseEntity<String>> answers = null;
        try {
            answers = transaction.execute(tx -> {
                // an id claimed before (a repeat) is not this batch's: it goes the one-by-one way, which answers repeats
                Set<String> free = claim(fresh);
                fresh.stream().filter(call -> free.contains(key(call.operation(), call.requestId()))).forEach(claimed::add);
                List<PortalPostingWriter.Outcome> outcomes = postings.write(claimed.stream().map(Call::move).toList(), clock.instant());
                List<ResponseEntity<String>> done = new ArrayList<>(claimed.size());
                for (int i = 0; i < claimed.size(); i++) {
                    PortalPostingWriter.Outcome outcome = outcomes.get(i);
                    done.add(outcome.refusal() == null
                            ? IdempotentCalls.response(HttpStatus.CREATED.value(), json.writeValueAsString(claimed.get(i).answerOf().apply(outcome.done())))
                            : IdempotentCalls.response(problems.statusOf(outcome.refusal()).value(),
                                    json.writeValueAsString(problems.problemOf(outcome.refusal()))));
                }
                storeAnswers(claimed, done);
                return done;
            });
        } catch (RuntimeException e) {
            log.warn("a batch of {} portal writes was rolled back and is written one by one: {}", fresh.size(), e.toString());
            claimed.clear();
        }
        for (int i = 0; i < claimed.size(); i++) {
            claimed.get(i).answer().complete(answers.get(i));
        }
        batch.stream().filter(call -> !call.answer().isDone()).forEach(call -> call.answer().complete(null));
    }

    private static String key(String operation, String requestId) {
        return operation + " " + requestId;
    }

    /** Claims the batch's ids (in key order, as any other claimer would); returns the ids that were free, by {@link #key}. */
    private Set<String> claim(List<Call> calls) {
        if (calls.isEmpty()) {
            return Set.of();
        }
        Set<String> free = new HashSet<>();
        SqlArrays.insertWithColumns(jdbc, """
                insert into portal_request (operation, request_id, request_hash, status, body)
                select u.operation, u.request_id, u.request_hash, 0, '' from unnest(?, ?, ?) as u(operation, request_id, request_hash)
                order by u.operation, u.request_id
                on conflict do nothing""", new String[] {"varchar", "varchar", "varchar"},
                new Object[][] {calls.stream().map(Call::operation).toArray(), calls.stream().map(Call::requestId).toArray(),
                        calls.stream().map(Call::hash).toArray()},
                new String[] {"operation", "request_id"}, rs -> free.add(key(rs.getString(1), rs.getString(2))));
        return free;
    }

    private void storeAnswers(List<Call> calls, List<ResponseEntity<String>> answers) {
        SqlArrays.executeWithColumns(jdbc, """
                merge into portal_request p using (select * from unnest(?, ?, ?, ?)) as a(operation, request_id, status, body)
                on p.operation = a.operation and p.request_id = a.request_id
                when matched then update set status = a.status, body = a.body""", new String[] {"varchar", "varchar", "integer", "varchar"},
                new Object[][] {calls.stream().map(Call::operation).toArray(), calls.stream().map(Call::requestId).toArray(),
                        answers.stream().map(a -> a.getStatusCode().value()).toArray(), answers.stream().map(ResponseEntity::getBody).toArray()});
    }

    @Override
    public void destroy() throws InterruptedException {
        closed = true;
        writer.join(TimeUnit.MINUTES.toMillis(1));
    }
}
