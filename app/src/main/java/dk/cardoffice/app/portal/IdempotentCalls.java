package dk.cardoffice.app.portal;

import java.nio.charset.StandardCharsets;
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
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.portal.PortalRefusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency on the caller's id (contract §7). In one database transaction: claim (operation, id)
 * in portal_request, do the work, store the answer. A repeat finds the stored answer and gets it
 * again (same status, same body); the same id with another request gets 409. Under concurrent
 * repeats the second claim waits for the first transaction (unique key) and then reads its answer,
 * so the work happens once. A refusal (404/422) is an answer too: the work is rolled back to a
 * savepoint and the refusal is what a repeat gets.
 */
public class IdempotentCalls {

    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final JsonMapper json;
    private final PortalProblems problems;

    public IdempotentCalls(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, JsonMapper json, PortalProblems problems) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.json = json;
        this.problems = problems;
    }

    private record Answer(int status, String body) {
    }

    public ResponseEntity<String> call(String operation, String requestId, Object request, HttpStatus success, Supplier<Object> work) {
        String hash = sha256(request.toString());
        Instant deadline = Instant.now().plus(WAIT_FOR_FIRST);
        while (true) {
            Answer answer = transaction.execute(tx -> {
                int claimed = jdbc.update("""
                        insert into portal_request (operation, request_id, request_hash, status, body) values (?, ?, ?, 0, '')
                        on conflict do nothing""", operation, requestId, hash);
                if (claimed == 0) {
                    return stored(operation, requestId, hash);
                }
                Answer done;
                try {
                    Object result = savepoint.execute(nested -> work.get());
                    done = new Answer(success.value(), json.writeValueAsString(result));
                } catch (PortalRefusal refusal) {
                    done = new Answer(problems.statusOf(refusal).value(), json.writeValueAsString(problems.problemOf(refusal)));
                }
                jdbc.update("update portal_request set status = ?, body = ? where operation = ? and request_id = ?",
                        done.status(), done.body(), operation, requestId);
                return done;
            });
            if (answer != null) {
                MediaType type = answer.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
                return ResponseEntity.status(answer.status()).contentType(type).body(answer.body());
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

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
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
