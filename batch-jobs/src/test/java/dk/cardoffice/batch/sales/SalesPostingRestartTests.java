package dk.cardoffice.batch.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SystemAccount;

/**
 * Crash and restart: the job fails after N committed chunks (3 sales each in tests), is restarted
 * with the same file, and every sale is posted exactly once. Then the randomized version: random
 * files (sales, refunds, duplicates, bad lines, unknown cards) posted in random order with random
 * crashes, checked against a model the test computes on its own.
 */
abstract class SalesPostingRestartTests extends SalesTestSupport {

    @Test
    void aRunThatCrashesAfterTwoChunksIsRestartedAndPostsEverySaleOnceIncludingALongSaleAtTheChunkBoundary() {
        String terminal = newTerminal();
        String school = newInstitution("SCHOOL");
        Holder pupil = newHolder("500.00");
        List<String> lines = new ArrayList<>();
        for (int sale = 1; sale <= 10; sale++) {
            // sale 6 ends the second chunk and has 5 lines: a chunk of lines would have cut it
            int items = sale == 6 ? 5 : 1;
            for (int item = 0; item < items; item++) {
                lines.add(line(terminal, school, "S" + sale, "2026-11-20T11:" + (10 + sale) + ":00", pupil.card(), "SALE", "I" + item, "Vare " + item, 1,
                        "2.00"));
            }
        }
        Path file = salesFile(terminal, "20261120150000", lines);
        crashPoints.arm("sales-posting.chunk-posted", 2);

        JobExecution crashed = post(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(count("select count(*) from sale where terminal_id = ?", terminal)).isEqualTo(6);
        JobExecution restarted = post(file);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(crashed.getJobInstanceId());
        assertThat(count("select count(*) from sale where terminal_id = ?", terminal)).isEqualTo(10);
        assertThat(jdbc.queryForObject("select amount_ore from sale where terminal_id = ? and sale_id = 'S6'", Long.class, terminal)).isEqualTo(1000);
        assertThat(balance(pupil.accountId())).isEqualTo(50_000 - 9 * 200 - 1000);
        assertThat(receipt(file)).hasSize(10).allMatch(r -> r.get("status").equals("POSTED"));
    }

    @Test
    void aProcessKilledBeforeTheJobContextWasSavedRestartsByCheckingTheFileAgain() {
        String terminal = newTerminal();
        String school = newInstitution("SCHOOL");
        Holder pupil = newHolder("500.00");
        List<String> lines = new ArrayList<>();
        for (int sale = 1; sale <= 10; sale++) {
            lines.add(line(terminal, school, "S" + sale, "2026-11-20T11:" + (10 + sale) + ":00", pupil.card(), "SALE", "I1", "Vare", 1, "2.00"));
        }
        Path file = salesFile(terminal, "20261120150000", lines);
        crashPoints.arm("sales-posting.chunk-posted", 1);
        JobExecution crashed = post(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        loseJobContext(crashed);

        JobExecution restarted = post(file);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("select count(*) from sale where terminal_id = ?", terminal)).isEqualTo(10);
        assertThat(balance(pupil.accountId())).isEqualTo(50_000 - 10 * 200);
    }

    /**
     * The writer makes the file's id and a new institution's sales account in its first chunk's transaction; when that
     * chunk rolls back, so do their rows, and the next chunk of the same writer makes them again instead of pointing its
     * sales at rows that are gone (before: the next chunk failed on the vanished account's balance shards, and its sales
     * would have lacked their file id on the receipt).
     */
    @Test
    void aChunkThatRollsBackTakesTheFilesIdAndNewSalesAccountWithItAndTheNextChunkMakesThemAgain(
            @org.springframework.beans.factory.annotation.Autowired dk.cardoffice.ledger.MovementWriter movements,
            @org.springframework.beans.factory.annotation.Autowired org.springframework.transaction.PlatformTransactionManager tm) {
        String terminal = newTerminal();
        String school = newInstitution("SCHOOL");
        Holder pupil = newHolder("100.00");
        String sha = "rolled-back-" + terminal;
        SalePostingWriter writer = new SalePostingWriter(jdbc, accounts, movements, sha);
        var tx = new org.springframework.transaction.support.TransactionTemplate(tm);
        java.util.function.Function<String, Sale> sale = id -> new Sale(new SalesLine(1, terminal, school, id,
                java.time.LocalDateTime.of(2026, 11, 20, 11, 0), pupil.card(), "SALE", "I1", "Toast", 1, 200, List.of()));

        tx.executeWithoutResult(status -> {
            writer.write(new org.springframework.batch.infrastructure.item.Chunk<>(List.of(sale.apply("S1"))));
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(status -> writer.write(new org.springframework.batch.infrastructure.item.Chunk<>(List.of(sale.apply("S2")))));

        assertThat(count("select count(*) from sale where terminal_id = ?", terminal)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from movement m join sales_file f on f.id = m.sales_file_id
                where m.business_key = ? and f.file_sha256 = ?""", Long.class, terminal + ":S2", sha)).isEqualTo(1);
        assertThat(balance(pupil.accountId())).isEqualTo(100_00 - 200);
    }

    @Test
    void randomFilesInRandomOrderWithRandomCrashesPostExactlyWhatAnIndependentModelSays() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String school = newInstitution("SCHOOL");
        String club = newInstitution("CLUB");
        List<Holder> holders = new ArrayList<>();
        Map<String, Long> model = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            long ore = 100L * random.nextInt(200);
            Holder h = newHolder(Money.formatDkk(ore));
            holders.add(h);
            model.put(h.card(), ore);
        }
        List<String> unknownCards = List.of(cardNumber(68_000_000L + next()), "ZZZZZZZZ");
        List<String> terminals = List.of(newTerminal(), newTerminal());
        long suspenseBefore = balance(SystemAccount.SUSPENSE);
        long suspenseModel = 0;

        record Unit(String saleId, String card, String type, List<String> lines, boolean bad) {
        }
        List<Path> files = new ArrayList<>();
        List<List<Unit>> contents = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            String terminal = terminals.get(f % 2);
            String institution = f % 2 == 0 ? school : club;
            List<Unit> units = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            String previousId = null;
            for (int u = 0, n = 3 + random.nextInt(12); u < n; u++) {
                String saleId;
                do {
                    saleId = "S" + random.nextInt(25);
                } while (saleId.equals(previousId));
                previousId = saleId;
                String card = random.nextInt(10) == 0 ? unknownCards.get(random.nextInt(2)) : holders.get(random.nextInt(holders.size())).card();
                String type = random.nextInt(5) == 0 ? "REFUND" : "SALE";
                boolean bad = random.nextInt(12) == 0;
                List<String> unitLines = new ArrayList<>();
                for (int i = 0, items = 1 + random.nextInt(3); i < items; i++) {
                    boolean badLine = bad && i == 0;
                    unitLines.add(line(terminal, institution, saleId, "2026-11-2" + random.nextInt(3) + "T1" + random.nextInt(10) + ":00:00", card, type,
                            "I" + i, "Vare " + i, badLine ? 0 : 1 + random.nextInt(3), (1 + random.nextInt(20)) + "." + (random.nextInt(2) * 50)));
                }
                // one sold_at per sale
                String soldAt = unitLines.get(0).split(";")[3];
                unitLines.replaceAll(l -> {
                    String[] p = l.split(";", -1);
                    p[3] = soldAt;
                    return String.join(";", p);
                });
                lines.addAll(unitLines);
                units.add(new Unit(saleId, card, type, unitLines, bad));
            }
            files.add(salesFile(terminal, "202611201500" + String.format("%02d", f), lines));
            contents.add(units);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);

        Set<String> postedKeys = new HashSet<>();
        for (int index : order) {
            Path file = files.get(index);
            if (random.nextBoolean()) {
                crashPoints.arm("sales-posting.chunk-posted", random.nextInt(3));
                JobExecution crashed = post(file);
                crashPoints.disarmAll();
                if (crashed.getStatus() == BatchStatus.FAILED) {
                    assertThat(post(file).getStatus()).as("restart, seed " + seed).isEqualTo(BatchStatus.COMPLETED);
                }
            } else {
                assertThat(post(file).getStatus()).as("seed " + seed).isEqualTo(BatchStatus.COMPLETED);
            }
            String terminal = file.getFileName().toString().split("_")[1];
            for (Unit unit : contents.get(index)) {
                if (unit.bad() || !postedKeys.add(terminal + ":" + unit.saleId())) {
                    continue;
                }
                long amount = 0;
                for (String l : unit.lines()) {
                    String[] p = l.split(";", -1);
                    amount += Long.parseLong(p[8]) * Money.parseDkk(p[9]);
                }
                long delta = unit.type().equals("REFUND") ? amount : -amount;
                if (model.containsKey(unit.card())) {
                    model.merge(unit.card(), delta, Long::sum);
                } else {
                    suspenseModel += delta;
                }
            }
        }

        for (Holder h : holders) {
            assertThat(balance(h.accountId())).as("card " + h.card() + ", seed " + seed).isEqualTo(model.get(h.card()));
        }
        assertThat(balance(SystemAccount.SUSPENSE) - suspenseBefore).as("suspense, seed " + seed).isEqualTo(suspenseModel);
        assertThat(count("select count(*) from sale where terminal_id in (?, ?)", terminals.get(0), terminals.get(1))).as("seed " + seed)
                .isEqualTo(postedKeys.size());
        // @AfterEach: verify-ledger's invariants hold
    }
}
