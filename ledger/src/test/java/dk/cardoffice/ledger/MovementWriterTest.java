package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.testing.LedgerFixture;
import dk.cardoffice.ledger.testing.TestDatabase;

/**
 * The posting primitive with batches large enough for PostgreSQL's COPY path ({@link MovementCopy}): keys posted before are
 * left out, and a key another writer posts while the batch is on its way is left out too, never posted twice.
 */
class MovementWriterTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLargeBatchPostsOnlyTheKeysNotPostedBeforeWithTheirBalances(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.ds()));
            long nets = f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS);
            List<Long> members = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                members.add(f.newMemberAccount("M" + i));
            }
            List<Movement> first = deposits(nets, members, 0, 100);
            tx.executeWithoutResult(s -> post(f, first));

            // 500 deposits, the first 100 of them posted above: only 400 are new (and the COPY path on PostgreSQL)
            List<Movement> batch = deposits(nets, members, 0, 500);
            Map<Movement.EventKey, Long> ids = tx.execute(s -> post(f, batch));

            assertThat(ids).hasSize(400);
            assertThat(ids.keySet()).doesNotContainAnyElementsOf(first.stream().map(Movement::event).toList());
            assertThat(ids.values()).doesNotHaveDuplicates();
            assertThat(f.jdbc.queryForObject("select count(*) from movement where type = 'DEPOSIT'", Long.class)).isEqualTo(500L);
            // member i got deposits i, i + 50, ...: 10 deposits of (n + 1) øre each, n = its numbers
            for (int i = 0; i < members.size(); i++) {
                long expected = 0;
                for (int n = i; n < 500; n += 50) {
                    expected += n + 1;
                }
                assertThat(f.jdbc.queryForObject("select balance from account where id = ?", Long.class, members.get(i))).isEqualTo(expected);
            }
            assertThat(f.jdbc.queryForObject("select count(*) from movement where type = 'DEPOSIT' and member_account_id is null", Long.class))
                    .isZero();
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    /**
     * Another writer holds one of the batch's keys uncommitted: the batch's COPY waits for it, fails on the key when it commits,
     * and the batch goes in the ordinary way without that key, in the same transaction.
     */
    @Test
    void aKeyAnotherWriterPostsMeanwhileIsLeftOutOfTheBatchNotPostedTwice() throws Exception {
        try (TestDatabase.Fresh db = TestDatabase.POSTGRES.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            DataSourceTransactionManager tm = new DataSourceTransactionManager(db.ds());
            long nets = f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS);
            List<Long> members = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                members.add(f.newMemberAccount("R" + i));
            }
            List<Movement> batch = deposits(nets, members, 0, 300);
            Movement contested = batch.get(150);

            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Map<Movement.EventKey, Long>> other = CompletableFuture.supplyAsync(() -> new TransactionTemplate(tm).execute(s -> {
                Map<Movement.EventKey, Long> posted = post(f, List.of(contested));
                holding.countDown();
                await(release);
                return posted;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Map<Movement.EventKey, Long>> mine = CompletableFuture.supplyAsync(() -> new TransactionTemplate(tm).execute(s -> post(f,
                    batch)));
            // the batch is waiting on the other writer's key (a lock wait on a transaction id), then the other writer commits
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (f.jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'copy movement%'",
                    Long.class) == 0) {
                assertThat(System.nanoTime()).as("the batch's COPY waits on the other writer's key").isLessThan(deadline);
                Thread.sleep(20);
            }
            release.countDown();

            assertThat(other.get(30, TimeUnit.SECONDS)).containsOnlyKeys(contested.event());
            Map<Movement.EventKey, Long> posted = mine.get(30, TimeUnit.SECONDS);
            assertThat(posted).hasSize(299).doesNotContainKey(contested.event());
            assertThat(f.jdbc.queryForObject("select count(*) from movement where type = 'DEPOSIT'", Long.class)).isEqualTo(300L);
            assertThat(f.jdbc.queryForObject("select sum(balance) from account where kind = 'MEMBER'", Long.class))
                    .isEqualTo(300L * 301 / 2);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    /** Deposits number from..to-1 of (number + 1) øre, to the members in turn, each under its own key. */
    private static List<Movement> deposits(long from, List<Long> members, int first, int end) {
        List<Movement> movements = new ArrayList<>();
        for (int n = first; n < end; n++) {
            movements.add(new Movement(TransactionType.DEPOSIT, "D-" + n, 1, from, members.get(n % members.size()), n + 1, AT, "Indsat", null,
                    null));
        }
        return movements;
    }

    private static Map<Movement.EventKey, Long> post(LedgerFixture f, List<Movement> movements) {
        MovementWriter.Batch batch = f.movements.begin();
        Map<Movement.EventKey, Long> ids = batch.insert(movements);
        batch.finish();
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
