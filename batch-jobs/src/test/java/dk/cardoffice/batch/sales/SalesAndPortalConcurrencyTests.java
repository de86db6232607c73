package dk.cardoffice.batch.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.portal.PortalPostingWriter;
import dk.cardoffice.ledger.portal.Withdrawals;

/**
 * Sales posting and the portal's deposits and withdrawals at the same time on the same accounts: three sales files
 * posted side by side while four portal threads deposit and withdraw. No deadlock, no lost update: every balance
 * equals an independent model (the sales of the files and the portal moves that were accepted), and verify-ledger
 * is clean (checked after every test). Random: prints its seed, replays with {@code -Dseed=}.
 */
abstract class SalesAndPortalConcurrencyTests extends SalesTestSupport {

    @Autowired
    MovementWriter movements;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void salesFilesAndPortalMovesOnTheSameAccountsLoseNothing() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("SalesAndPortalConcurrencyTests seed " + seed + " (replay: -Dseed=" + seed + ")");
        Random random = new Random(seed);
        String institution = newInstitution("SCHOOL");
        List<Holder> holders = new ArrayList<>();
        Map<Long, Long> model = new ConcurrentHashMap<>();
        for (int i = 0; i < 12; i++) {
            Holder h = newHolder("500.00");
            holders.add(h);
            model.put(h.accountId(), 500_00L);
        }
        List<java.nio.file.Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            String terminal = newTerminal();
            List<String> lines = new ArrayList<>();
            for (int s = 1; s <= 400; s++) {
                Holder h = holders.get(random.nextInt(holders.size()));
                boolean refund = random.nextInt(10) == 0;
                long ore = 100 * (1 + random.nextInt(20));
                lines.add(line(terminal, institution, "S" + s, "2026-11-20T1" + (s % 10) + ":0" + (s % 6) + ":00", h.card(), refund ? "REFUND" : "SALE",
                        "M1", "Toast", 1, dk.cardoffice.ledger.Money.formatDkk(ore)));
                model.merge(h.accountId(), refund ? ore : -ore, Long::sum);
            }
            files.add(salesFile(terminal, "2026112019000" + f, lines));
        }
        PortalPostingWriter portal = new PortalPostingWriter(jdbc, accounts, movements, 1_000_00, 100_000_00);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        AtomicInteger accepted = new AtomicInteger();
        long[] threadSeeds = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};

        ExecutorService pool = Executors.newFixedThreadPool(7);
        List<Future<JobExecution>> posted = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            posted.add(pool.submit(() -> post(file)));
        }
        List<Future<?>> moves = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            moves.add(pool.submit(() -> {
                Random r = new Random(threadSeeds[thread]);
                for (int i = 0; i < 150; i++) {
                    Holder h = holders.get(r.nextInt(holders.size()));
                    String accountNo = jdbc.queryForObject("select account_no from account where id = ?", String.class, h.accountId());
                    long ore = 100 * (1 + r.nextInt(50));
                    String key = "conc-" + seed + "-" + thread + "-" + i;
                    PortalPostingWriter.Move move = r.nextBoolean()
                            ? new Deposits.Deposit(key, accountNo, ore, "NETS", "T" + key, Instant.now())
                            : new Withdrawals.Withdrawal(key, accountNo, ore, "Ida Hansen", "1234", "0001234567", null, null);
                    PortalPostingWriter.Outcome outcome = transaction.execute(status -> portal.write(List.of(move), Instant.now()).get(0));
                    if (outcome.refusal() == null) {
                        accepted.incrementAndGet();
                        model.merge(h.accountId(), move instanceof Deposits.Deposit ? ore : -ore, Long::sum);
                    }
                }
                return null;
            }));
        }
        for (Future<?> m : moves) {
            m.get(3, TimeUnit.MINUTES);
        }
        for (Future<JobExecution> p : posted) {
            assertThat(p.get(3, TimeUnit.MINUTES).getExitStatus().getExitCode()).as("seed " + seed).isEqualTo("COMPLETED");
        }
        pool.shutdown();

        assertThat(accepted.get()).as("seed " + seed + ": the portal got some moves through").isPositive();
        for (Holder h : holders) {
            assertThat(balance(h.accountId())).as("account %d, seed %d", h.accountId(), seed).isEqualTo(model.get(h.accountId()));
        }
        assertThat(count("select count(*) from movement where key_space = 'SALE' and institution_no = ?", institution)).isEqualTo(1200);
    }
}
