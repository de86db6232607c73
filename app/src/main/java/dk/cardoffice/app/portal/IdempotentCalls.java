package dk.cardoffice.app.portal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.portal.PortalRefusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency on the caller's id (contract §7). In one database transaction: claim (operation, id)
 * in portal_request, do the work, store the answer. A repeat finds the stored answer and gets it
 * again (same status, same body); the same id with another request gets 409. Under concurrent
 * repeats the second claim waits for the first transaction (unique key) and then reads its answer,
 * so the work happens once. A refusal (404/422) is an answer too: the whole transaction is rolled
 * back and the refusal is stored in a transaction of its own (no savepoint on the busy happy path),
 * and that refusal is what a repeat gets.
 */
public class IdempotentCalls {

    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final PortalProblems problems;

    public IdempotentCalls(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, JsonMapper json, PortalProblems problems) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.json = json;
        this.problems = problems;
    }

    private record Answer(int status, String body) {
    }

    public ResponseEntity<String> call(String operation, String requestId, Object request, HttpStatus success, Supplier<Object> work) {
        String hash = hashOf(request);
        Instant deadline = Instant.now().plus(WAIT_FOR_FIRST);
        while (true) {
            Outcome outcome = transaction.execute(tx -> {
                int claimed = jdbc.update("""
                        insert into portal_request (operation, request_id, request_hash, status, body) values (?, ?, ?, 0, '')
                        on conflict do nothing""", operation, requestId, hash);
                if (claimed == 0) {
                    return new Outcome(stored(operation, requestId, hash), null);
                }
                try {
                    Object result = work.get();
                    Answer done = new Answer(success.value(), json.writeValueAsString(result));
                    jdbc.update("update portal_request set status = ?, body = ? where operation = ? and request_id = ?",
                            done.status(), done.body(), operation, requestId);
                    return new Outcome(done, null);
                } catch (PortalRefusal refusal) {
                    // undo whatever the work did (and the claim) and store the refusal on its own below
                    tx.setRollbackOnly();
                    return new Outcome(null, refusal);
                }
            });
            Answer answer = outcome.answer();
            if (outcome.refusal() != null) {
                Answer refused = new Answer(problems.statusOf(outcome.refusal()).value(),
                        json.writeValueAsString(problems.problemOf(outcome.refusal())));
                answer = transaction.execute(tx -> jdbc.update("""
                        insert into portal_request (operation, request_id, request_hash, status, body) values (?, ?, ?, ?, ?)
                        on conflict do nothing""", operation, requestId, hash, refused.status(), refused.body()) == 1
                        ? refused : stored(operation, requestId, hash));
            }
            if (answer != null) {
                return response(answer.status(), answer.body());
            }
            // the first call with this id is still running in another transaction: wait for its answer
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the first call with " + operation + " id " + requestId + " did not finish");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** What one attempt came to: an answer (null while the first call is still running), or a refusal to store. */
    private record Outcome(Answer answer, PortalRefusal refusal) {
    }

    /** The stored answer; null when the first call has not committed yet. */
    private Answer stored(String operation, String requestId, String hash) {
        List<Answer> rows = jdbc.query("select status, body, request_hash from portal_request where operation = ? and request_id = ?",
                (rs, i) -> rs.getString(3).equals(hash) ? new Answer(rs.getInt(1), rs.getString(2)) : new Answer(-1, ""), operation, requestId);
        if (rows.isEmpty() || rows.get(0).status() == 0) {
            return null;
        }
        if (rows.get(0).status() == -1) {
            throw new PortalConflict(operation + " " + requestId + " was used before for another request; use a new id");
        }
        return rows.get(0);
    }

    /** A stored answer as the caller gets it: a problem document from 400 on. */
    static ResponseEntity<String> response(int status, String body) {
        MediaType type = status >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        return ResponseEntity.status(status).contentType(type).body(body);
    }

    /**
     * What a repeat must match: the hash of the request as JSON. JSON quotes every string, so two
     * different requests never read the same (a record's {@code toString()} could: a comma in a name).
     */
    String hashOf(Object request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same caller id with another request. */
    public static class PortalConflict extends RuntimeException {
        public PortalConflict(String message) {
            super(message);
        }
    }
}
