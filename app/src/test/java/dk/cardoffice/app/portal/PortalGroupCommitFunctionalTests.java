package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;

import dk.cardoffice.ledger.portal.PortalPostingWriter;
import dk.cardoffice.ledger.portal.Withdrawals;

/**
 * Deposits and withdrawals arriving together are committed together ({@link GroupCommit}): each caller
 * gets the answer it would get alone, a failed batch loses nothing and doubles nothing.
 */
public abstract class PortalGroupCommitFunctionalTests extends PortalApiTestSupport {

    /** Concurrent deposits are written together (group commit) and judged one after the other against the maximum balance. */
    @Test
    void parallelDepositsStopAtTheMaximumBalanceAndEachAnswerShowsItsOwnBalance() throws Exception {
        String accountNo = newAccount();
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String id = "PD" + i + "-" + accountNo;
            calls.add(() -> post("/api/v1/deposits", deposit(id, accountNo, "1000.00")));
        }
        List<HttpResponse<String>> answers = inParallel(calls);

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201, 422);
        assertThat(answers.stream().filter(a -> a.statusCode() == 201).map(a -> JSON.readTree(a.body()).get("balance").asString()))
                .containsExactlyInAnyOrder("1000.00", "2000.00", "3000.00", "4000.00", "5000.00");
        assertThat(answers.stream().filter(a -> a.statusCode() == 422).map(a -> JSON.readTree(a.body()).get("detail").asString()))
                .hasSize(11).allSatisfy(detail -> assertThat(detail).contains("at most 5000.00 DKK may stand on a card account"));
        assertThat(balance(accountNo)).isEqualTo(5_000_00);
        assertThat(jdbc.queryForObject("select count(*) from deposit d join account a on a.id = d.account_id where a.account_no = ?",
                Long.class, accountNo)).isEqualTo(5);
    }

    /** New ids, repeats, the same id with another body and refusals arriving together: each caller gets what it would get alone. */
    @Test
    void concurrentNewRepeatedConflictingAndRefusedCallsAreEachAnsweredAsIfAlone() throws Exception {
        String accountNo = newAccount();
        String first = deposit("ORD-" + accountNo, accountNo, "100.00");
        HttpResponse<String> firstAnswer = post("/api/v1/deposits", first);
        String twice = deposit("TWICE-" + accountNo, accountNo, "10.00");
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "NEW" + i + "-" + accountNo;
            calls.add(() -> post("/api/v1/deposits", deposit(id, accountNo, "10.00")));
            calls.add(() -> post("/api/v1/deposits", first));
            calls.add(() -> post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "300.00")));
            calls.add(() -> post("/api/v1/deposits", deposit("NONE" + id, "99999999", "10.00")));
        }
        calls.add(() -> post("/api/v1/deposits", twice));
        calls.add(() -> post("/api/v1/deposits", twice));
        List<HttpResponse<String>> answers = inParallel(calls);

        for (int i = 0; i < 6; i++) {
            assertThat(answers.get(4 * i).statusCode()).isEqualTo(201);
            assertThat(answers.get(4 * i + 1).statusCode()).isEqualTo(201);
            assertThat(answers.get(4 * i + 1).body()).isEqualTo(firstAnswer.body());
            assertThat(answers.get(4 * i + 2).statusCode()).isEqualTo(409);
            assertThat(answers.get(4 * i + 3).statusCode()).isEqualTo(422);
        }
        assertThat(answers.get(24).statusCode()).isEqualTo(201);
        assertThat(answers.get(25).body()).isEqualTo(answers.get(24).body());
        assertThat(balance(accountNo)).isEqualTo(100_00 + 6 * 10_00 + 10_00);
        assertThat(jdbc.queryForObject("select count(*) from deposit d join account a on a.id = d.account_id where a.account_no = ?",
                Long.class, accountNo)).isEqualTo(8);
    }

    /**
     * A batch that fails after its statements and before its commit (the database went away, a deadlock)
     * is rolled back whole; its callers are then written one by one: each posts once, none is lost.
     */
    @Test
    void aBatchThatFailsBeforeItsCommitLeavesNothingAndItsCallersAreWrittenOneByOne() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        TestWriter writer = new TestWriter(0, 300, true);
        GroupCommit groupCommit = groupCommit(transactionManager, writer, PATIENCE);
        try {
            List<ResponseEntity<String>> answers = inParallel(withdrawals(groupCommit, "FB", 16, accountNo));

            assertThat(writer.largestFailedBatch.get()).as("a batch of several failed").isGreaterThan(1);
            assertTenOfSixteenPostedOnce("FB", accountNo, answers);
            assertThat(jdbc.queryForObject("select count(*) from portal_request where request_id like ?", Long.class, "FB%-" + accountNo))
                    .isEqualTo(16);
        } finally {
            groupCommit.destroy();
        }
    }

    /**
     * The commit went through but the application heard a failure (the connection broke after COMMIT):
     * the callers go the one-by-one way, find the answers the batch stored and post nothing again.
     */
    @Test
    void aBatchWhoseCommitWentThroughButReportedAFailureIsAnsweredFromWhatItStored() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        TestWriter writer = new TestWriter(0, 300, false);
        AtomicInteger commits = new AtomicInteger();
        PlatformTransactionManager brokenAfterCommit = new PlatformTransactionManager() {
            @Override
            public TransactionStatus getTransaction(TransactionDefinition definition) {
                return transactionManager.getTransaction(definition);
            }

            @Override
            public void commit(TransactionStatus status) {
                transactionManager.commit(status);
                commits.incrementAndGet();
                throw new TransactionSystemException("simulated: the connection broke after COMMIT");
            }

            @Override
            public void rollback(TransactionStatus status) {
                transactionManager.rollback(status);
            }
        };
        GroupCommit groupCommit = groupCommit(brokenAfterCommit, writer, PATIENCE);
        try {
            List<ResponseEntity<String>> answers = inParallel(withdrawals(groupCommit, "BC", 16, accountNo));

            assertThat(commits.get()).isPositive();
            assertThat(writer.largestBatch.get()).as("a batch of several was committed").isGreaterThan(1);
            assertThat(writer.movesElsewhere.get()).as("nothing written again one by one").isZero();
            assertTenOfSixteenPostedOnce("BC", accountNo, answers);
        } finally {
            groupCommit.destroy();
        }
    }

    /**
     * A caller whose call the writer has not taken in time writes it on its own; the writer then leaves
     * it alone. A caller whose call was taken waits for its batch, however long it takes.
     */
    @Test
    void aCallNotTakenInTimeIsWrittenOnItsOwnAndNotByTheBatchToo() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        TestWriter writer = new TestWriter(0, 1_500, false); // the first batch takes far longer than the callers' patience
        GroupCommit groupCommit = groupCommit(transactionManager, writer, java.time.Duration.ofMillis(100));
        try {
            List<ResponseEntity<String>> answers = inParallel(withdrawals(groupCommit, "TO", 8, accountNo));

            assertThat(answers).extracting(a -> a.getStatusCode().value()).containsOnly(201);
            assertThat(writer.movesOnWriterThread.get()).as("taken by the batch").isPositive();
            assertThat(writer.movesElsewhere.get()).as("written on their own").isPositive();
            assertThat(writer.movesOnWriterThread.get() + writer.movesElsewhere.get()).isEqualTo(8);
            assertThat(balance(accountNo)).isEqualTo(100_00 - 8 * 10_00);
            assertThat(jdbc.queryForObject("select count(*) from withdrawal where request_id like ?", Long.class, "TO%-" + accountNo))
                    .isEqualTo(8);
        } finally {
            groupCommit.destroy();
        }
    }

    /** A repeat in a batch goes the one-by-one way alone: the new ids around it are still written together. */
    @Test
    void aRepeatInABatchDoesNotKnockTheNewCallsOffIt() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        TestWriter writer = new TestWriter(1, 300, false); // the first write is the original, alone
        GroupCommit groupCommit = groupCommit(transactionManager, writer, PATIENCE);
        try {
            ResponseEntity<String> original = withdraw(groupCommit, "R-" + accountNo, accountNo);
            List<Callable<ResponseEntity<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = i % 3 == 0 ? "R-" + accountNo : "RB" + i + "-" + accountNo;
                calls.add(() -> withdraw(groupCommit, id, accountNo));
            }
            List<ResponseEntity<String>> answers = inParallel(calls);

            for (int i = 0; i < 12; i++) {
                assertThat(answers.get(i).getStatusCode().value()).isEqualTo(201);
                if (i % 3 == 0) {
                    assertThat(answers.get(i).getBody()).isEqualTo(original.getBody());
                }
            }
            assertThat(writer.largestBatch.get()).as("new calls written together").isGreaterThan(1);
            assertThat(balance(accountNo)).isEqualTo(100_00 - 9 * 10_00);
        } finally {
            groupCommit.destroy();
        }
    }

    /** 16 withdrawals of 10.00 against 100.00: ten were made, once each, and six refused for the balance. */
    private void assertTenOfSixteenPostedOnce(String prefix, String accountNo, List<ResponseEntity<String>> answers) {
        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsOnly(201, 422);
        assertThat(answers.stream().filter(a -> a.getStatusCode().value() == 201)).hasSize(10);
        assertThat(balance(accountNo)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from withdrawal where request_id like ?", Long.class, prefix + "%-" + accountNo))
                .isEqualTo(10);
    }

    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(30);

    private GroupCommit groupCommit(PlatformTransactionManager transactions, TestWriter writer, java.time.Duration patience) {
        return new GroupCommit(jdbc, transactions, writer, idempotentCalls, jsonMapper, problems, java.time.Clock.systemUTC(), patience);
    }

    private static List<Callable<ResponseEntity<String>>> withdrawals(GroupCommit groupCommit, String prefix, int count, String accountNo) {
        List<Callable<ResponseEntity<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i + "-" + accountNo;
            calls.add(() -> withdraw(groupCommit, id, accountNo));
        }
        return calls;
    }

    private static ResponseEntity<String> withdraw(GroupCommit groupCommit, String requestId, String accountNo) {
        Withdrawals.Withdrawal w = new Withdrawals.Withdrawal(requestId, accountNo, 10_00, "Mette Ærø", "1234", "12345678", "p", null);
        return groupCommit.call("withdrawal", requestId, w, w, done -> done);
    }

    /**
     * The real writer; one write (the {@code slowWrite}th, from 0) waits {@code sleepMillis} first, so
     * that the other callers queue up behind it. When failing, that write and every batch of more than
     * one move fail after their statements, before their commit. Counts what it wrote where.
     */
    private class TestWriter extends PortalPostingWriter {
        final int slowWrite;
        final long sleepMillis;
        final boolean failing;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger largestBatch = new AtomicInteger();
        final AtomicInteger largestFailedBatch = new AtomicInteger();
        final AtomicInteger movesOnWriterThread = new AtomicInteger();
        final AtomicInteger movesElsewhere = new AtomicInteger();

        TestWriter(int slowWrite, long sleepMillis, boolean failing) {
            super(jdbc, accounts, new dk.cardoffice.ledger.MovementWriter(jdbc), 2_000_00, 5_000_00);
            this.slowWrite = slowWrite;
            this.sleepMillis = sleepMillis;
            this.failing = failing;
        }

        @Override
        public List<Outcome> write(List<? extends Move> moves, java.time.Instant now) {
            boolean slow = writes.getAndIncrement() == slowWrite;
            if (slow) {
                sleep(sleepMillis);
            }
            largestBatch.accumulateAndGet(moves.size(), Math::max);
            List<Outcome> outcomes = super.write(moves, now);
            if (failing && (slow || moves.size() > 1)) {
                largestFailedBatch.accumulateAndGet(moves.size(), Math::max);
                throw new IllegalStateException("simulated failure after the batch's statements, before its commit");
            }
            (Thread.currentThread().getName().equals("portal-group-commit") ? movesOnWriterThread : movesElsewhere).addAndGet(moves.size());
            return outcomes;
        }
    }
}
