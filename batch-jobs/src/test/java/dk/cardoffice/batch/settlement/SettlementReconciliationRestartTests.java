package dk.cardoffice.batch.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.support.FileHashes;
import dk.cardoffice.ledger.Money;

/**
 * Crash and restart (chunks of 4 lines in tests): a run that fails after N committed chunks is restarted
 * with the same file and posts every line once. Then the property: random deposits, random settlement files
 * built from them with random perturbations, reconciled in random order with random crashes; every
 * perturbation is reported exactly once, as an independent model says, and the ledger balances.
 */
abstract class SettlementReconciliationRestartTests extends SettlementTestSupport {

    @Test
    void aRunThatCrashesAfterTwoChunksIsRestartedAndPostsEveryLineOnce() {
        String account = newAccount("0");
        List<String> lines = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String order = deposit(account, "NETS", Integer.toString(10 + i));
            orders.add(order);
            lines.add(line("N-R", transactionId(), order, "CAPTURE", (10 + i) + ".00", "0.10"));
        }
        Path file = settlementFile("NETS", "20261123", lines);
        SystemBalances before = systemBalances();
        crashPoints.arm("settlement-reconciliation.chunk-posted", 2);

        JobExecution crashed = reconcile(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(count("select count(*) from settlement_line where file_id = ?", fileId(file))).isEqualTo(8);
        JobExecution restarted = reconcile(file);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(crashed.getJobInstanceId());
        assertThat(count("select count(*) from settlement_line where file_id = ? and outcome = 'MATCHED'", fileId(file))).isEqualTo(10);
        SystemBalances moved = systemBalances().minus(before);
        long gross = 0;
        for (int i = 0; i < 10; i++) {
            gross += (10 + i) * 100L;
            assertThat(statusOf(orders.get(i))).isEqualTo("SETTLED");
        }
        assertThat(moved.nets()).isEqualTo(gross);
        assertThat(moved.bank()).isEqualTo(-(gross - 10 * 10));
        assertThat(moved.fees()).isEqualTo(-100);
        assertThat(jdbc.queryForObject("select posted_net_ore from settlement_batch where file_sha256 = ?", Long.class, FileHashes.sha256(file)))
                .isEqualTo(gross - 100);
    }

    /** The model's view of a deposit: what the test did to its settlement. */
    private record Planned(String orderId, String account, long amountOre, String acquirer) {
    }

    @Test
    void randomPerturbationsInRandomFilesWithRandomCrashesAreEachReportedExactlyOnce() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String account = newAccount("0");
        List<Planned> deposits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String acquirer = random.nextBoolean() ? "WORLDLINE" : "NETS";
            long amount = 100L * (1 + random.nextInt(300));
            deposits.add(new Planned(deposit(account, acquirer, Long.toString(amount / 100)), account, amount, acquirer));
        }
        // every deposit becomes old enough to be unsettled once reconciliation has had its chance
        jdbc.update("update deposit set created_at = created_at - interval '10' day where account_id = (select id from account where account_no = ?)",
                account);

        Map<String, List<String>> linesByAcquirer = new HashMap<>(Map.of("WORLDLINE", new ArrayList<>(), "NETS", new ArrayList<>()));
        Map<String, Long> expected = new HashMap<>(Map.of("MATCHED", 0L, "AMOUNT_MISMATCH", 0L, "UNKNOWN_ORDER", 0L, "DUPLICATE", 0L, "UNSETTLED", 0L));
        long receivableResidue = 0;   // what stays on the receivables: mismatches and dropped deposits
        long suspenseModel = 0;
        long expectedNet = 0;
        long expectedPostedNet = 0;
        List<String[]> duplicatesToAdd = new ArrayList<>();
        for (Planned d : deposits) {
            int kind = random.nextInt(10);
            List<String> lines = linesByAcquirer.get(d.acquirer());
            long fee = random.nextInt(3) * 25L;
            if (kind == 0) {  // dropped: never settled
                expected.merge("UNSETTLED", 1L, Long::sum);
                receivableResidue -= d.amountOre();
                continue;
            }
            String tx = transactionId();
            long settled = d.amountOre();
            if (kind == 1) {  // changed amount
                settled = d.amountOre() + (random.nextBoolean() ? 100 : -50);
                expected.merge("AMOUNT_MISMATCH", 1L, Long::sum);
                receivableResidue += settled - d.amountOre();
            } else {
                expected.merge("MATCHED", 1L, Long::sum);
            }
            lines.add(line("PAY-" + d.acquirer(), tx, d.orderId(), "CAPTURE", Money.formatDkk(settled), Money.formatDkk(fee)));
            expectedNet += settled - fee;
            expectedPostedNet += settled - fee;
            if (kind == 2) {  // the same line reported twice
                duplicatesToAdd.add(new String[] {d.acquirer(), line("PAY-" + d.acquirer(), tx, d.orderId(), "CAPTURE", Money.formatDkk(settled),
                        Money.formatDkk(fee))});
                expected.merge("DUPLICATE", 1L, Long::sum);
                expectedNet += settled - fee;
            }
        }
        for (int i = 0; i < 5; i++) {  // extra lines nobody recorded
            String acquirer = random.nextBoolean() ? "WORLDLINE" : "NETS";
            long amount = 100L * (1 + random.nextInt(50));
            linesByAcquirer.get(acquirer).add(line("PAY-" + acquirer, transactionId(), orderId(), "CAPTURE", Money.formatDkk(amount), "0.00"));
            expected.merge("UNKNOWN_ORDER", 1L, Long::sum);
            suspenseModel += amount;
            expectedNet += amount;
            expectedPostedNet += amount;
        }
        for (String[] duplicate : duplicatesToAdd) {
            linesByAcquirer.get(duplicate[0]).add(duplicate[1]);
        }
        // each acquirer's lines shuffled and split over two daily files, the four files reconciled in random order
        List<Path> files = new ArrayList<>();
        int day = 10;
        for (Map.Entry<String, List<String>> byAcquirer : linesByAcquirer.entrySet()) {
            List<String> lines = byAcquirer.getValue();
            Collections.shuffle(lines, random);
            int cut = lines.isEmpty() ? 0 : random.nextInt(lines.size() + 1);
            files.add(settlementFile(byAcquirer.getKey(), "202611" + day++, lines.subList(0, cut)));
            files.add(settlementFile(byAcquirer.getKey(), "202611" + day++, lines.subList(cut, lines.size())));
        }
        Collections.shuffle(files, random);
        SystemBalances before = systemBalances();

        for (Path file : files) {
            if (random.nextInt(3) == 0) {
                crashPoints.arm("settlement-reconciliation.chunk-posted", random.nextInt(3));
            }
            JobExecution run = reconcile(file);
            if (run.getStatus() == BatchStatus.FAILED) {
                run = reconcile(file);
            }
            crashPoints.disarmAll();
            assertThat(run.getStatus()).as("seed " + seed).isEqualTo(BatchStatus.COMPLETED);
        }

        String shas = "'" + String.join("','", files.stream().map(FileHashes::sha256).toList()) + "'";
        for (String outcome : List.of("MATCHED", "AMOUNT_MISMATCH", "UNKNOWN_ORDER", "DUPLICATE")) {
            assertThat(count("select count(*) from settlement_line where outcome = ? and file_id in (select id from file_registry where sha256 in (" + shas + "))", outcome))
                    .as(outcome + ", seed " + seed).isEqualTo(expected.get(outcome));
        }
        long unsettled = count("""
                select count(*) from deposit d join deposit_settlement_status s on s.deposit_id = d.id
                where s.status = 'UNSETTLED' and d.account_id = (select id from account where account_no = ?)""", account);
        assertThat(unsettled).as("dropped lines, seed " + seed).isEqualTo(expected.get("UNSETTLED"));
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.worldline() + moved.nets()).as("receivables cleared but for mismatches and dropped deposits, seed " + seed)
                .isEqualTo(deposits.stream().mapToLong(Planned::amountOre).sum() + receivableResidue);
        assertThat(moved.suspense()).as("unknown orders on suspense, seed " + seed).isEqualTo(suspenseModel);
        assertThat(-moved.bank()).as("the bank got what was posted, seed " + seed).isEqualTo(expectedPostedNet);
        assertThat(count("select coalesce(sum(net_ore), 0) from settlement_batch where file_sha256 in (" + shas + ")")).isEqualTo(expectedNet);
        assertThat(count("select coalesce(sum(posted_net_ore), 0) from settlement_batch where file_sha256 in (" + shas + ")")).isEqualTo(expectedPostedNet);
        assertThat(balance(account)).as("settling captures never changes the member's money").isEqualTo(deposits.stream().mapToLong(Planned::amountOre).sum());
    }
}
