package dk.cardoffice.batch.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.support.FileHashes;
import dk.cardoffice.batch.support.NothingToDoListener;

/** settlement-reconciliation, one rule per test, given/when/then; run on H2 and PostgreSQL by the two subclasses. */
abstract class SettlementReconciliationFunctionalTests extends SettlementTestSupport {

    @Test
    void aCaptureOfARecordedDepositIsMatchedAndMovesTheReceivableToTheBankLessTheFee() {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "200");
        String tx = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-1", tx, order, "CAPTURE", "200.00", "1.50")));
        SystemBalances before = systemBalances();

        JobExecution run = reconcile(file);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(lineOf(file, tx)).containsEntry("OUTCOME", "MATCHED");
        assertThat(statusOf(order)).isEqualTo("SETTLED");
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.worldline()).as("the receivable the deposit opened is cleared").isEqualTo(200_00);
        assertThat(moved.bank()).as("the bank holds the net (debit: negative)").isEqualTo(-198_50);
        assertThat(moved.fees()).isEqualTo(-1_50);
        assertThat(balance(account)).as("the member's money does not change").isEqualTo(200_00);
        Map<String, Object> batch = jdbc.queryForMap("select * from settlement_batch where file_sha256 = ?", FileHashes.sha256(file));
        assertThat(batch).containsEntry("PAYOUT_REFERENCE", "P-1").containsEntry("NET_ORE", 198_50L).containsEntry("POSTED_NET_ORE", 198_50L)
                .containsEntry("GROSS_ORE", 200_00L).containsEntry("FEE_ORE", 1_50L).containsEntry("MATCHED", 1);
    }

    @Test
    void aCaptureOfAnotherAmountIsAMismatchAndTheDifferenceStaysOnTheReceivable() {
        String account = newAccount("0");
        String order = deposit(account, "NETS", "100");
        String tx = transactionId();
        Path file = settlementFile("NETS", "20261123", List.of(line("N-1", tx, order, "CAPTURE", "90.00", "0.00")));
        SystemBalances before = systemBalances();

        reconcile(file);

        Map<String, Object> line = lineOf(file, tx);
        assertThat(line).containsEntry("OUTCOME", "AMOUNT_MISMATCH");
        assertThat((String) line.get("MESSAGE")).contains("settled 90.00 DKK, recorded 100.00 DKK").contains("10.00 DKK stays on the acquirer's receivable");
        assertThat(statusOf(order)).isEqualTo("AMOUNT_MISMATCH");
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.nets()).isEqualTo(90_00);
        assertThat(moved.bank()).isEqualTo(-90_00);
        assertThat(moved.fees()).as("no fee, no fee posting").isZero();
    }

    @Test
    void aCaptureNobodyRecordedIsAnUnknownOrderHeldOnSuspense() {
        String tx = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-2", tx, orderId(), "CAPTURE", "50.00", "0.40")));
        SystemBalances before = systemBalances();

        reconcile(file);

        assertThat(lineOf(file, tx)).containsEntry("OUTCOME", "UNKNOWN_ORDER");
        assertThat((String) lineOf(file, tx).get("MESSAGE")).contains("never recorded as a deposit").contains("suspense");
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.suspense()).isEqualTo(50_00);
        assertThat(moved.bank()).isEqualTo(-49_60);
        assertThat(moved.fees()).isEqualTo(-40);
        assertThat(moved.worldline()).isZero();
    }

    @Test
    void aTopUpRecordedForTheOtherAcquirerIsNotSettledByThisOne() {
        String account = newAccount("0");
        String order = deposit(account, "NETS", "100");
        String tx = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-3", tx, order, "CAPTURE", "100.00", "0.00")));

        reconcile(file);

        assertThat(lineOf(file, tx)).containsEntry("OUTCOME", "UNKNOWN_ORDER");
        assertThat((String) lineOf(file, tx).get("MESSAGE")).contains("recorded as a NETS top-up, not WORLDLINE");
        assertThat(statusOf(order)).isEqualTo("PENDING");
    }

    @Test
    void aTransactionReportedAgainInALaterFileIsADuplicateAndPostsNothing() {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "100");
        String tx = transactionId();
        Path first = settlementFile("WORLDLINE", "20261123", List.of(line("P-4", tx, order, "CAPTURE", "100.00", "0.75")));
        reconcile(first);
        String other = transactionId();
        Path second = settlementFile("WORLDLINE", "20261124", List.of(line("P-5", tx, order, "CAPTURE", "100.00", "0.75"),
                line("P-5", other, orderId(), "CAPTURE", "20.00", "0.00")));
        SystemBalances before = systemBalances();

        reconcile(second);

        Map<String, Object> line = lineOf(second, tx);
        assertThat(line).containsEntry("OUTCOME", "DUPLICATE");
        assertThat(line.get("LEDGER_TRANSACTION_ID")).isNull();
        assertThat((String) line.get("MESSAGE")).contains("reported before (payout P-4 line 2)");
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.bank()).as("only the other line's money").isEqualTo(-20_00);
        Map<String, Object> batch = jdbc.queryForMap("select * from settlement_batch where file_sha256 = ?", FileHashes.sha256(second));
        assertThat(batch).containsEntry("NET_ORE", 119_25L).containsEntry("POSTED_NET_ORE", 20_00L).containsEntry("DUPLICATE", 1)
                .containsEntry("UNKNOWN_ORDER", 1);
    }

    @Test
    void aSecondCaptureOfASettledOrderUnderAnotherTransactionIsADuplicateHeldOnSuspense() {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "100");
        String tx1 = transactionId();
        String tx2 = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-6", tx1, order, "CAPTURE", "100.00", "0.00"),
                line("P-6", tx2, order, "CAPTURE", "100.00", "0.00")));
        SystemBalances before = systemBalances();

        reconcile(file);

        assertThat(lineOf(file, tx1)).containsEntry("OUTCOME", "MATCHED");
        assertThat(lineOf(file, tx2)).containsEntry("OUTCOME", "DUPLICATE");
        assertThat((String) lineOf(file, tx2).get("MESSAGE")).contains("settled before").contains("suspense");
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.worldline()).isEqualTo(100_00);
        assertThat(moved.suspense()).as("the parent paid twice: the second payment is owed back").isEqualTo(100_00);
        assertThat(moved.bank()).isEqualTo(-200_00);
    }

    @Test
    void aChargebackTakesTheAmountFromTheMemberBelowZeroAndIsFlagged() {
        String account = newAccount("0");
        String order = deposit(account, "NETS", "100");
        String spent = "spent-" + next();
        // spent: a withdrawal of 80 (terminal sales go through sales posting, with their items)
        ledger.post(dk.cardoffice.ledger.LedgerTransaction.transfer(dk.cardoffice.ledger.TransactionType.WITHDRAWAL, spent, java.time.Instant.now(),
                "Udbetalt", accounts.findMemberAccount(account).orElseThrow().id(),
                accounts.systemAccountId(dk.cardoffice.ledger.SystemAccount.PAYOUT_CLEARING), 80_00));
        String capture = transactionId();
        String chargeback = transactionId();
        Path file = settlementFile("NETS", "20261123", List.of(line("N-2", capture, order, "CAPTURE", "100.00", "0.00"),
                line("N-2", chargeback, order, "CHARGEBACK", "100.00", "25.00")));
        SystemBalances before = systemBalances();

        reconcile(file);

        assertThat(lineOf(file, chargeback)).containsEntry("OUTCOME", "MATCHED").containsEntry("FLAGS", "OVERDRAWN");
        assertThat(balance(account)).isEqualTo(20_00 - 100_00);
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.bank()).as("capture 100 in, chargeback 100 and its fee 25 out").isEqualTo(-100_00 + 125_00);
        assertThat(moved.fees()).isEqualTo(-25_00);
        assertThat(jdbc.queryForObject("select reversed_ore from deposit where order_id = ?", Long.class, order)).isEqualTo(100_00);
        assertThat(jdbc.queryForObject("""
                select t.type from movement t join settlement_line l on l.ledger_transaction_id = t.id where l.transaction_id = ?""",
                String.class, chargeback)).isEqualTo("CHARGEBACK");
    }

    @Test
    void refundsBeyondTheDepositComeFromSuspenseOnceTheDepositIsReversed() {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "100");
        String r1 = transactionId();
        String r2 = transactionId();
        String r3 = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-7", r1, order, "REFUND", "60.00", "0.00"),
                line("P-7", r2, order, "REFUND", "60.00", "0.00"), line("P-7", r3, order, "REFUND", "10.00", "0.00")));
        SystemBalances before = systemBalances();

        reconcile(file);

        assertThat(lineOf(file, r1)).containsEntry("OUTCOME", "MATCHED");
        assertThat(lineOf(file, r2)).containsEntry("OUTCOME", "AMOUNT_MISMATCH");
        assertThat(lineOf(file, r3)).containsEntry("OUTCOME", "DUPLICATE");
        assertThat(balance(account)).as("the member gives back what was deposited, no more").isZero();
        SystemBalances moved = systemBalances().minus(before);
        assertThat(moved.suspense()).isEqualTo(-30_00);
        assertThat(moved.bank()).isEqualTo(130_00);
    }

    @Test
    void aDepositNoSettlementExplainsIsMarkedUnsettledOnceAfterTheConfiguredDays() {
        String account = newAccount("0");
        String old = deposit(account, "WORLDLINE", "100");
        String recent = deposit(account, "WORLDLINE", "50");
        jdbc.update("update deposit set created_at = created_at - interval '4' day where order_id = ?", old);
        jdbc.update("update deposit set created_at = created_at - interval '2' day where order_id = ?", recent);

        JobExecution check = checkUnsettled();

        assertThat(check.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(statusOf(old)).isEqualTo("UNSETTLED");
        assertThat(statusOf(recent)).isEqualTo("PENDING");
        JobExecution again = checkUnsettled();
        assertThat(again.getExitStatus().getExitCode()).as("marked once: the next check has nothing to do " + again.getAllFailureExceptions())
                .isEqualTo(NothingToDoListener.NOOP);

        String tx = transactionId();
        Path late = settlementFile("WORLDLINE", "20261125", List.of(line("P-8", tx, old, "CAPTURE", "100.00", "0.00")));
        reconcile(late);
        assertThat(lineOf(late, tx)).containsEntry("OUTCOME", "MATCHED");
        assertThat(statusOf(old)).as("a late settlement still settles it").isEqualTo("SETTLED");
    }

    @Test
    void aTrailerThatDoesNotMatchRejectsTheWholeFileAndPostsNothing() {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "100");
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-9", transactionId(), order, "CAPTURE", "100.00", "1.00")),
                "#TRAILER;1;100.00;1.00;100.00");
        long stored = count("select count(*) from settlement_line");

        JobExecution run = reconcile(file);

        assertThat(run.getExitStatus().getExitCode()).isEqualTo(InboundFileListener.REJECTED);
        assertThat(run.getExitStatus().getExitDescription()).contains("net payout 100.00 DKK is not the amount less the fees (99.00 DKK)");
        assertThat(count("select count(*) from settlement_line")).isEqualTo(stored);
        assertThat(statusOf(order)).isEqualTo("PENDING");
        Path rejected = home.error("settlement").resolve(file.getFileName());
        assertThat(rejected).exists();
        assertThat(rejected.resolveSibling(file.getFileName() + ".error.txt")).content().contains("nothing of the file was posted");
    }

    @Test
    void aFileWithoutTrailerOrWithABadLineIsRejectedNamingTheLine() {
        Path noTrailer = settlementFile("NETS", "20261123", List.of(line("N-3", transactionId(), orderId(), "CAPTURE", "10.00", "0.00")), null);
        assertThat(reconcile(noTrailer).getExitStatus().getExitDescription()).contains("no trailer line");

        Path badLine = settlementFile("NETS", "20261124", List.of(line("N-4", transactionId(), orderId(), "CAPTURE", "10.00", "0.00"),
                line("N-4", transactionId(), orderId(), "CAPTURE", "10,00", "0.00").replace(";DKK", ";EUR")));
        JobExecution run = reconcile(badLine);
        assertThat(run.getExitStatus().getExitCode()).isEqualTo(InboundFileListener.REJECTED);
        assertThat(run.getExitStatus().getExitDescription()).contains("line 3: amount '10,00' is not an amount in DKK with '.'")
                .contains("currency 'EUR' is not DKK");

        Path badName = settlementFile("NETS", "20261125", List.of(line("N-5", transactionId(), orderId(), "CAPTURE", "10.00", "0.00")));
        badName = renamed(badName, "settlement_BAMBORA_20261125.csv");
        assertThat(reconcile(badName).getExitStatus().getExitDescription()).contains("expected settlement_<WORLDLINE|NETS>_<yyyyMMdd>.csv");
    }

    @Test
    void amountsThatAddUpBeyondWhatALongHoldsRejectTheFileInsteadOfWrappingAround() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) { // 100 × 999,999,999,999,999.99 DKK ≈ 10^19 øre: past Long.MAX_VALUE
            lines.add(line("N-9", transactionId(), orderId(), "CAPTURE", "999999999999999.99", "0.00"));
        }
        Path file = settlementFile("NETS", "20261126", lines, "#TRAILER;100;0.00;0.00;0.00");
        long stored = count("select count(*) from settlement_line");

        JobExecution run = reconcile(file);

        assertThat(run.getExitStatus().getExitCode()).isEqualTo(InboundFileListener.REJECTED);
        assertThat(run.getExitStatus().getExitDescription()).contains("add up to more than any amount cardoffice can hold");
        assertThat(count("select count(*) from settlement_line")).isEqualTo(stored);
    }

    @Test
    void aWorldlineAndANetsFileRunSideBySideWithChargebacksOnTheSameMembersAndBothPostEverything() {
        List<String> members = List.of(newAccount("0"), newAccount("0"), newAccount("0"));
        List<String> worldline = new java.util.ArrayList<>();
        List<String> nets = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String member = members.get(i % 3);
            String w = deposit(member, "WORLDLINE", "20");
            String n = deposit(member, "NETS", "20");
            worldline.add(line("PW", transactionId(), w, "CAPTURE", "20.00", "0.10"));
            nets.add(line("PN", transactionId(), n, "CAPTURE", "20.00", "0.10"));
            if (i % 2 == 0) {  // chargebacks touch the same member accounts from both files, in opposite member order
                worldline.add(line("PW", transactionId(), w, "CHARGEBACK", "20.00", "0.00"));
                nets.add(0, line("PN", transactionId(), n, "CHARGEBACK", "20.00", "0.00"));
            }
        }
        Path w = settlementFile("WORLDLINE", "20261126", worldline);
        Path n = settlementFile("NETS", "20261126", nets);

        long first = jobs.start(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", w.toString()));
        long second = jobs.start(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", n.toString()));

        assertThat(jobs.awaitEnd(first, java.time.Duration.ofMinutes(2)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.awaitEnd(second, java.time.Duration.ofMinutes(2)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("select count(*) from settlement_line where file_id in (?, ?)", fileId(w), fileId(n))).isEqualTo(worldline.size() + nets.size());
        for (String member : members) {
            assertThat(balance(member)).as("8 deposits of 20.00, 4 charged back").isEqualTo(8 * 20_00 - 4 * 20_00);
        }
    }

    @Test
    void theSameContentLaunchedAgainFromAnotherPathPostsNothingTwice() throws Exception {
        String account = newAccount("0");
        String order = deposit(account, "WORLDLINE", "100");
        String tx = transactionId();
        Path file = settlementFile("WORLDLINE", "20261123", List.of(line("P-10", tx, order, "CAPTURE", "100.00", "0.00")));
        reconcile(file);
        Path copy = Files.createDirectories(drop.resolve("again")).resolve(file.getFileName());
        Files.copy(file, copy);
        SystemBalances before = systemBalances();

        JobExecution again = reconcile(copy);

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(systemBalances().minus(before)).isEqualTo(new SystemBalances(0, 0, 0, 0, 0));
        assertThat(count("select count(*) from settlement_line where file_id = ?", fileId(file))).isEqualTo(1);
        assertThat(count("select count(*) from settlement_batch where file_sha256 = ?", FileHashes.sha256(file))).isEqualTo(1);
    }

    private static Path renamed(Path file, String name) {
        try {
            return Files.move(file, file.resolveSibling(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
