package dk.cardoffice.batch.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dk.cardoffice.batch.enrolment.EnrolmentFiles;
import dk.cardoffice.batch.enrolment.EnrolmentImportJobConfig;
import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.batch.sales.SalesTestSupport;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.batch.testing.clock.TestClock;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SystemAccount;

/**
 * finance-report over a day built through the real pipelines, on a database of its own (its context is not shared,
 * so every figure of the day is this test's): pupils enrolled by enrolment-import, top-ups through the portal's code path, a terminal file with sales, a
 * refund and flagged sales (overdrawn, blocked card, unknown card), a settlement file with a match, an amount mismatch
 * and a chargeback, a payout run the bank answers with one payment and one rejection. Every figure is compared with
 * what the test did (and the balances the ledger keeps); the XLSX is read back with POI and compared cell by cell with
 * the CSVs; a re-run after later postings is identical; a broken ledger row shows as a difference.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the day's test first: it compares with the ledger's balances as they are now
@Import(TestClock.Beans.class)
@TestPropertySource(properties = "cardoffice.settlement.chunk-size=2") // a settlement file of three lines is two chunks
public abstract class FinanceReportFunctionalTests extends SalesTestSupport {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
    private static final String FORMULA_NAME = "=HYPERLINK(\"http://x.invalid\",\"Klik\")";

    /** The days are the test's own, whatever day it runs: the application's clock is put on them (a Tuesday, a bank day). */
    private final LocalDate day = LocalDate.of(2036, 3, 4);

    @Autowired
    private TestClock clock;
    @Autowired
    private org.springframework.batch.core.launch.JobOperator jobOperator;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("financeReportJob")
    private org.springframework.batch.core.job.Job financeReportJob;

    @Test
    @Order(1)
    void theDaysReportAgreesWithWhatHappenedInEveryFigureAndTheXlsxWithTheCsvs() throws Exception {
        // --- the day, as it happens in the late afternoon
        clock.setTo(day, LocalTime.of(17, 0));
        String school = newInstitution("SCHOOL");
        String club = newInstitution("CLUB");
        jdbc.update("update institution set name = 'Roskilde Lilleskole' where institution_no = ?", school);
        jdbc.update("update institution set name = 'Klub Ærø' where institution_no = ?", club);
        // two pupils enrolled through enrolment-import (accounts, cards, guardians); the second guardian has no e-mail address
        List<EnrolmentFiles.Pupil> pupils = EnrolmentFiles.pupils(9_100, 2);
        pupils = List.of(pupils.get(0), pupils.get(1).withGuardian("Bo Uden Mail", ""));
        Path roster = EnrolmentFiles.write(Files.createDirectories(home.home().resolve("archive/enrolment/fin-" + next())), school, "Roskilde Lilleskole",
                "SCHOOL", stamp(day), pupils, StandardCharsets.UTF_8);
        assertThat(run(EnrolmentImportJobConfig.JOB_NAME, Map.of("file", roster.toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Holder e1 = enrolled(school, pupils.get(0));
        Holder e2 = enrolled(school, pupils.get(1));
        deposit(accountNo(e1), 30_00);
        deposit(accountNo(e2), 20_00);

        Holder a = newHolder("0");
        Holder b = newHolder("0");
        Holder c = newHolder("0");
        jdbc.update("update member set first_name = ? where id = (select member_id from account where id = ?)", FORMULA_NAME, b.accountId());
        String oa = deposit(accountNo(a), 200_00);
        String ob = deposit(accountNo(b), 100_00);
        String oc = deposit(accountNo(c), 50_00);
        jdbc.update("update card set status = 'BLOCKED', blocked_at = ? where card_number = ?",
                java.sql.Timestamp.from(day.atTime(6, 0).atZone(COPENHAGEN).toInstant()), c.card());

        String t1 = newTerminal();
        String t2 = newTerminal();
        String at = day + "T11:42:07";
        assertThat(post(salesFile(t1, stamp(day), List.of(
                line(t1, school, "S1", at, a.card(), "SALE", "101", "Ostehøps", 1, "3.00"),
                line(t1, school, "S1", at, a.card(), "SALE", "102", "Yoghurt", 1, "6.00"),
                line(t1, school, "S1", at, a.card(), "SALE", "103", "Stor Grovbolle", 1, "5.00"),
                line(t1, school, "R1", day + "T11:50:00", a.card(), "REFUND", "102", "Yoghurt", 1, "6.00"),
                line(t1, school, "S2", day + "T12:00:00", b.card(), "SALE", "201", "Frokost", 4, "30.00"),        // overdrawn
                line(t1, school, "S3", day + "T12:05:00", c.card(), "SALE", "301", "Kakaomælk", 1, "5.00"),       // blocked card
                line(t1, school, "S4", day + "T12:10:00", "ZZ99ZZ99", "SALE", "401", "Æble", 2, "5.00"),         // unknown card
                line(t1, school, "S5", day + "T12:15:00", e1.card(), "SALE", "601", "Banan", 2, "2.00")))).getStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        assertThat(post(salesFile(t2, stamp(day), List.of(
                line(t2, club, "K1", day + "T15:30:00", a.card(), "SALE", "501", "Saftevand", 1, "8.50")))).getStatus())
                .isEqualTo(BatchStatus.COMPLETED);

        Path settlement = settlementFile("NETS", day, List.of(
                settlementLine("P-1", "T-" + oa, oa, "CAPTURE", "200.00", "1.00"),
                settlementLine("P-1", "T-" + ob, ob, "CAPTURE", "99.00", "0.50"),
                settlementLine("P-1", "T-" + oc + "-CB", oc, "CHARGEBACK", "20.00", "0.00")));
        assertThat(run(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", settlement.toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        String wa = withdraw(accountNo(a), 50_00, clock.instant());
        String wc = withdraw(accountNo(c), 10_00, clock.instant());
        assertThat(run(PayoutRunJobConfig.JOB_NAME, Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        bankAnswers(Map.of(wa, "ACSC", wc, "RJCT"));

        // --- what the report must say, from what happened
        long deposits = 350_00 + 50_00;
        long sales = 14_00 + 120_00 + 5_00 + 8_50 + 4_00; // on members' cards; the unknown card's 10.00 is on suspense
        long refunds = 6_00;
        long withdrawals = 60_00;
        long reversed = 10_00;
        long chargebacks = 20_00;
        long balanceA = 200_00 - 14_00 + 6_00 - 8_50 - 50_00;
        long balanceB = 100_00 - 120_00;
        long balanceC = 50_00 - 5_00 - 20_00 - 10_00 + 10_00;
        long balanceE1 = 30_00 - 4_00;
        long balanceE2 = 20_00;
        long closing = deposits - sales + refunds - withdrawals + reversed - chargebacks;
        assertThat(balanceA + balanceB + balanceC + balanceE1 + balanceE2).isEqualTo(closing);
        assertThat(ledger.balance(a.accountId())).isEqualTo(balanceA);
        assertThat(ledger.balance(b.accountId())).isEqualTo(balanceB);
        assertThat(ledger.balance(c.accountId())).isEqualTo(balanceC);

        report(day);

        Map<String, List<String>> summary = byFirstColumn(csv("summary"));
        assertThat(summary.get("Opening e-money liability")).containsExactly("", "0.00", "");
        assertThat(summary.get("Deposits (top-ups)")).containsExactly("5", dkk(deposits), "");
        assertThat(summary.get("Sales")).containsExactly("5", dkk(-sales), "");
        assertThat(summary.get("Refunds")).containsExactly("1", dkk(refunds), "");
        assertThat(summary.get("Withdrawals")).containsExactly("2", dkk(-withdrawals), "");
        assertThat(summary.get("Withdrawals reversed (cancelled, or rejected by the bank)")).containsExactly("1", dkk(reversed), "");
        assertThat(summary.get("Chargebacks")).containsExactly("1", dkk(-chargebacks), "");
        assertThat(summary.get("Closing e-money liability (opening + the day's movements)")).containsExactly("", dkk(closing), "");
        assertThat(summary.get("Member balances at the end of the day (account by account)")).containsExactly("", dkk(closing), "");
        assertThat(summary.get("Difference: member balances − closing liability")).containsExactly("", "0.00", "OK");
        assertThat(summary.get("Difference: kept balances − member balances")).containsExactly("", "0.00", "OK");
        assertThat(summary.get("Result")).containsExactly("", "", "OK");

        Map<String, List<String>> safeguarding = byFirstColumn(csv("safeguarding"));
        long suspense = ledger.balance(accounts.systemAccountId(SystemAccount.SUSPENSE));
        long bank = -ledger.balance(accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK));
        long nets = -ledger.balance(accounts.systemAccountId(SystemAccount.ACQUIRER_NETS));
        long operators = -ledger.balance(accounts.salesPayableAccountId(school)) - ledger.balance(accounts.salesPayableAccountId(club));
        assertThat(safeguarding.get("E-money liability (member balances)")).containsExactly(dkk(closing), "");
        assertThat(safeguarding.get("Withdrawals in payout clearing (owed to parents until the bank pays)")).containsExactly("0.00", "");
        assertThat(safeguarding.get("Unallocated money in suspense")).containsExactly(dkk(Math.max(0, suspense)), "");
        assertThat(safeguarding.get("Client-funds bank account (as booked)")).containsExactly(dkk(bank), "");
        assertThat(safeguarding.get("Receivable from Nets (top-ups not yet settled)")).containsExactly(dkk(nets), "");
        assertThat(safeguarding.get("Less owed to canteen and club operators (sales payable)")).containsExactly(dkk(operators), "");
        long cover = bank + nets + operators - closing - Math.max(0, suspense);
        assertThat(csv("safeguarding").get(csv("safeguarding").size() - 1)).containsExactly(cover >= 0 ? "Covered, with a surplus of" : "Shortfall",
                dkk(cover), cover >= 0 ? "OK" : "SHORTFALL");

        Map<String, List<String>> institutions = byFirstColumn(csv("sales-by-institution"));
        long schoolSales = 14_00 + 120_00 + 5_00 + 10_00 + 4_00;
        assertThat(institutions.get(school)).containsExactly("Roskilde Lilleskole", "SCHOOL", "5", dkk(schoolSales), dkk(refunds),
                dkk(schoolSales - refunds), dkk(schoolSales), dkk(refunds), dkk(schoolSales - refunds));
        assertThat(institutions.get(club)).containsExactly("Klub Ærø", "CLUB", "1", "8.50", "0.00", "8.50", "8.50", "0.00", "8.50");
        assertThat(institutions.get("Total")).containsExactly("", "", "6", dkk(schoolSales + 8_50), dkk(refunds), dkk(schoolSales + 8_50 - refunds),
                dkk(schoolSales + 8_50), dkk(refunds), dkk(schoolSales + 8_50 - refunds));

        List<List<String>> settled = csv("settlement");
        assertThat(settled.get(1)).containsExactly(settlement.getFileName().toString(), "NETS", day.toString(), "P-1", "3", dkk(200_00 + 99_00 - 20_00),
                "1.50", dkk(200_00 + 99_00 - 20_00 - 1_50), "2", "1", "0", "0"); // the chargeback found its deposit too
        long toBank = -ledger.balance(accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK)) + 50_00; // wa was paid out of it since
        assertThat(settled.get(4)).containsExactly(settlement.getFileName().toString(), "NETS", dkk(200_00 + 99_00 - 20_00 - 1_50), dkk(toBank),
                dkk(toBank - (200_00 + 99_00 - 20_00 - 1_50)), "OK");
        assertThat(settled.subList(6, settled.size())).filteredOn(r -> r.get(3).equals("CAPTURE")).singleElement()
                .satisfies(r -> assertThat(r.get(8)).isEqualTo("AMOUNT_MISMATCH")).satisfies(r -> assertThat(r.get(4)).isEqualTo(ob));
        assertThat(settled.subList(6, settled.size())).filteredOn(r -> r.get(3).equals("CHARGEBACK")).singleElement()
                .satisfies(r -> assertThat(r.get(6)).isEqualTo("20.00"));

        List<List<String>> payouts = csv("payouts");
        assertThat(payouts.get(1).subList(3, 5)).containsExactly("2", "60.00");
        Map<String, List<String>> withdrawn = byFirstColumn(payouts);
        assertThat(withdrawn.get("Requested by parents")).containsExactly("2", "60.00");
        assertThat(withdrawn.get("Sent to the bank (in the day's payout files)")).containsExactly("2", "60.00");
        assertThat(withdrawn.get("Paid (confirmed by the bank)")).containsExactly("1", "50.00");
        assertThat(withdrawn.get("Rejected by the bank (money back with the member)")).containsExactly("1", "10.00");
        assertThat(withdrawn.get("Still on the way at the end of the day (reserved, neither paid nor returned)")).containsExactly("0", "0.00");

        List<List<String>> exceptionsFile = csv("exceptions");
        List<List<String>> exceptions = table(exceptionsFile, 0);
        Map<String, List<String>> exceptionTotals = byFirstColumn(table(exceptionsFile, 1));
        assertThat(exceptionTotals.get("FLAGGED_SALE_OVERDRAWN")).containsExactly("1", "120.00", "1");
        assertThat(exceptionTotals.get("FLAGGED_SALE_UNKNOWN_CARD")).containsExactly("1", "10.00", "1");
        assertThat(exceptionTotals.get("PAYOUT_REJECTED")).containsExactly("1", "10.00", "1");
        assertThat(exceptions).extracting(r -> r.get(0) + " " + r.get(1)).contains("FLAGGED_SALE_OVERDRAWN " + t1 + ":S2",
                "FLAGGED_SALE_BLOCKED_CARD " + t1 + ":S3", "FLAGGED_SALE_UNKNOWN_CARD " + t1 + ":S4", "OVERDRAWN_ACCOUNT " + accountNo(b),
                "PAYOUT_REJECTED " + wc, "GUARDIAN_WITHOUT_EMAIL " + EnrolmentFiles.guardianCpr(9_101).substring(0, 7) + "xxxx");
        assertThat(exceptions).filteredOn(r -> r.get(0).equals("GUARDIAN_WITHOUT_EMAIL")).singleElement()
                .satisfies(r -> assertThat(r.get(3)).isEqualTo(accountNo(e2))).satisfies(r -> assertThat(r.get(4)).isEqualTo("Bo Uden Mail"));
        assertThat(exceptions).filteredOn(r -> r.get(0).equals("OVERDRAWN_ACCOUNT")).singleElement()
                .satisfies(r -> assertThat(r.get(4)).as("neutralised for Excel").startsWith("'" + FORMULA_NAME + " Holder"))
                .satisfies(r -> assertThat(r.get(5)).isEqualTo(dkk(balanceB)));
        assertThat(exceptions).filteredOn(r -> r.get(0).equals("SUSPENSE_BALANCE")).singleElement()
                .satisfies(r -> assertThat(r.get(5)).isEqualTo(dkk(suspense)));

        List<List<String>> liability = csv(reports().resolve("liability_" + day + ".csv"));
        assertThat(liability.get(0)).containsExactly("account_no", "holder_name", "cpr_masked", "status", "balance");
        Map<String, List<String>> listed = byFirstColumn(liability);
        assertThat(listed.get(accountNo(a)).get(3)).isEqualTo(dkk(balanceA));
        assertThat(listed.get(accountNo(b)).get(3)).isEqualTo(dkk(balanceB));
        assertThat(listed.get(accountNo(b)).get(0)).startsWith("'=HYPERLINK(");
        assertThat(listed.get(accountNo(c)).get(3)).isEqualTo(dkk(balanceC));
        assertThat(listed.get(accountNo(e1))).containsExactly(pupils.get(0).firstName() + " " + pupils.get(0).lastName(),
                pupils.get(0).cpr().substring(0, 7) + "xxxx", "OPEN", dkk(balanceE1));
        assertThat(listed.get(accountNo(e2)).get(3)).isEqualTo(dkk(balanceE2));
        assertThat(liability.subList(1, liability.size()).stream().mapToLong(r -> Money.parseDkk(r.get(4))).sum()).isEqualTo(closing);
        assertThat(Files.readAllBytes(reports().resolve("liability_" + day + ".csv"))).startsWith(0xEF, 0xBB, 0xBF);

        xlsxAgreesWithTheCsvsCellByCell(b);

        // --- run again after later postings: the same report
        Map<String, byte[]> before = reportBytes();
        deposit(accountNo(a), 25_00, day.plusDays(1).atTime(9, 0).atZone(COPENHAGEN).toInstant());
        assertThat(post(salesFile(t1, stamp(day.plusDays(1)), List.of(
                line(t1, school, "S9", day.plusDays(1) + "T10:00:00", a.card(), "SALE", "101", "Ostehøps", 1, "3.00")))).getStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        report(day);
        Map<String, byte[]> after = reportBytes();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String name : before.keySet()) {
            assertThat(new String(after.get(name), StandardCharsets.UTF_8)).as(name).isEqualTo(new String(before.get(name), StandardCharsets.UTF_8));
        }
        xlsxAgreesWithTheCsvsCellByCell(b);

        // --- a broken ledger row: the amount of a deposit's movement changed behind the ledger's back
        long movementId = jdbc.queryForObject("select id from movement where key_space = 'DEPOSIT' and business_key = ?", Long.class, oa);
        jdbc.update("update movement set amount = amount + 100 where id = ?", movementId);
        try {
            report(day);
            Map<String, List<String>> broken = byFirstColumn(csv("summary"));
            assertThat(broken.get("Difference: kept balances − member balances")).containsExactly("", "-1.00", "DIFFERENCE");
            assertThat(broken.get("Result")).containsExactly("", "", "DIFFERENCE");
        } finally {
            jdbc.update("update movement set amount = amount - 100 where id = ?", movementId);
        }
    }

    @Test
    @Order(2)
    void aRunThatFailsMidReportIsRestartedAndWritesEveryFileWithNoTmpFileLeft() throws Exception {
        LocalDate later = day.plusDays(3); // after the other test's day: its figures stay its own
        clock.setTo(later, LocalTime.of(10, 0));
        Holder holder = newHolder("0");
        deposit(accountNo(holder), 40_00, later.atTime(9, 0).atZone(COPENHAGEN).toInstant());
        // the XLSX cannot be put in place (a folder holds its name): the CSVs are written, then the run fails
        Path blocked = Files.createDirectories(reports().resolve("daily_" + later + ".xlsx").resolve("in-the-way"));
        var failed = run(FinanceReportJobConfig.JOB_NAME, Map.of("date", later.toString()));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(reports().resolve("daily_" + later + "_summary.csv")).exists();
        assertThat(reports().resolve("liability_" + later + ".csv")).doesNotExist();

        Files.delete(blocked);
        Files.delete(blocked.getParent());
        var restarted = jobs.awaitEnd(jobs.restart(failed), java.time.Duration.ofMinutes(1));

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
        assertThat(reports().resolve("daily_" + later + ".xlsx")).isRegularFile();
        assertThat(byFirstColumn(csv(reports().resolve("liability_" + later + ".csv"))).get(accountNo(holder)).get(3)).isEqualTo("40.00");
        try (var files = Files.list(reports())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    @Order(3)
    void aSettlementFileReconciledAcrossMidnightCountsOnEachDayForTheLinesOfThatDayAndBothDaysBalance() throws Exception {
        LocalDate x = day.plusDays(5);
        clock.setTo(x, LocalTime.of(9, 0));
        Holder holder = newHolder("0");
        String o1 = deposit(accountNo(holder), 10_00);
        String o2 = deposit(accountNo(holder), 20_00);
        String o3 = deposit(accountNo(holder), 30_00);
        Path file = settlementFile("NETS", x, List.of(
                settlementLine(x, "P-X", "T-" + o1, o1, "CAPTURE", "10.00", "0.10"),
                settlementLine(x, "P-X", "T-" + o2, o2, "CAPTURE", "20.00", "0.20"),
                settlementLine(x, "P-X", "T-" + o3, o3, "CAPTURE", "30.00", "0.30")));
        // the first chunk (two lines) commits before midnight; the process dies in the second; it is restarted after midnight
        clock.setTo(x, LocalTime.of(23, 50));
        crashPoints.arm("settlement-reconciliation.chunk-posted", 1);
        var failed = run(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", file.toString()));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        clock.setTo(x.plusDays(1), LocalTime.of(0, 0, 30));
        assertThat(jobs.awaitEnd(jobs.restart(failed), java.time.Duration.ofMinutes(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        report(x);
        assertThat(run(FinanceReportJobConfig.JOB_NAME, Map.of("date", x.plusDays(1).toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String name = file.getFileName().toString();
        // day x: lines 1 and 2 (30.00 less 0.30 in fees), all of it booked to the bank that day
        assertThat(csv(x, "settlement").get(1)).containsExactly(name, "NETS", x.toString(), "P-X", "2", "30.00", "0.30", "29.70", "2", "0", "0", "0");
        assertThat(csv(x, "settlement").get(4)).containsExactly(name, "NETS", "29.70", "29.70", "0.00", "OK");
        // day x + 1: line 3 only
        assertThat(csv(x.plusDays(1), "settlement").get(1)).containsExactly(name, "NETS", x.toString(), "P-X", "1", "30.00", "0.30", "29.70", "1", "0",
                "0", "0");
        assertThat(csv(x.plusDays(1), "settlement").get(4)).containsExactly(name, "NETS", "29.70", "29.70", "0.00", "OK");
        assertThat(byFirstColumn(csv(x, "summary")).get("Result")).containsExactly("", "", "OK");
        assertThat(byFirstColumn(csv(x.plusDays(1), "summary")).get("Result")).containsExactly("", "", "OK");
    }

    @Test
    @Order(4)
    void aDepositUnsettledOnItsDayStaysSoInThatDaysReportAfterALateSettlementAndEarlierFlagsAreNotRepeated() throws Exception {
        LocalDate y = day.plusDays(8);
        clock.setTo(y, LocalTime.of(9, 0));
        Holder holder = newHolder("0");
        String order = deposit(accountNo(holder), 15_00);
        // four days on, the daily check marks it unsettled (no settlement file has it)
        LocalDate marked = y.plusDays(4);
        clock.setTo(marked, LocalTime.of(10, 0));
        assertThat(run(SettlementReconciliationJobConfig.JOB_NAME, Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        report(marked);
        List<List<String>> exceptions = table(csv(marked, "exceptions"), 0);
        assertThat(exceptions).filteredOn(r -> r.get(0).equals("DEPOSIT_UNSETTLED") && r.get(1).equals(order)).singleElement()
                .satisfies(r -> assertThat(r.get(3)).isEqualTo(accountNo(holder))).satisfies(r -> assertThat(r.get(5)).isEqualTo("15.00"));
        // the first day's sale on an unknown card is still open (its money is on suspense); its other flags are not repeated
        assertThat(exceptions).extracting(r -> r.get(0)).contains("FLAGGED_SALE_UNKNOWN_CARD")
                .doesNotContain("FLAGGED_SALE_OVERDRAWN", "FLAGGED_SALE_BLOCKED_CARD");
        Map<String, byte[]> before = reportBytes(marked);
        List<List<String>> liabilityBefore = csv(reports().resolve("liability_" + marked + ".csv"));

        // the next day the acquirer settles it, and the holder's name changes (a new enrolment snapshot)
        clock.setTo(marked.plusDays(1), LocalTime.of(10, 0));
        Path late = settlementFile("NETS", marked.plusDays(1), List.of(settlementLine(marked.plusDays(1), "P-L", "T-" + order, order, "CAPTURE", "15.00",
                "0.15")));
        assertThat(run(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", late.toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        jdbc.update("update member set first_name = 'Omdøbt' where id = (select member_id from account where id = ?)", holder.accountId());

        // the report of the day it was marked says the same again: every figure, every exception
        report(marked);
        Map<String, byte[]> after = reportBytes(marked);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String file : before.keySet()) {
            if (!file.startsWith("liability_")) {
                assertThat(new String(after.get(file), StandardCharsets.UTF_8)).as(file).isEqualTo(new String(before.get(file), StandardCharsets.UTF_8));
            }
        }
        // names are read when the report runs (docs/finance.md): the holder's row has the new name and the same balance
        List<List<String>> liabilityAfter = csv(reports().resolve("liability_" + marked + ".csv"));
        assertThat(liabilityAfter).hasSameSizeAs(liabilityBefore);
        for (int i = 0; i < liabilityBefore.size(); i++) {
            List<String> was = liabilityBefore.get(i);
            List<String> is = liabilityAfter.get(i);
            assertThat(is.get(0)).isEqualTo(was.get(0));
            assertThat(is.subList(2, 5)).isEqualTo(was.subList(2, 5));
            assertThat(is.get(1)).isEqualTo(was.get(0).equals(accountNo(holder)) ? was.get(1).replaceFirst("^\\S+", "Omdøbt") : was.get(1));
        }
        // the day it was settled: not unsettled, and its line is in that day's settlement
        assertThat(run(FinanceReportJobConfig.JOB_NAME, Map.of("date", marked.plusDays(1).toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(table(csv(marked.plusDays(1), "exceptions"), 0)).noneMatch(r -> r.get(0).equals("DEPOSIT_UNSETTLED") && r.get(1).equals(order));
        assertThat(csv(marked.plusDays(1), "settlement").get(1)).containsExactly(late.getFileName().toString(), "NETS", marked.plusDays(1).toString(), "P-L",
                "1", "15.00", "0.15", "14.85", "1", "0", "0", "0");
    }

    @Test
    @Order(5)
    void postingsCommittedWhileTheReportRunsNeverMakeItDisagreeWithItself() throws Exception {
        LocalDate z = day.plusDays(20);
        clock.setTo(z, LocalTime.of(12, 0));
        Holder holder = newHolder("0");
        String accountNo = accountNo(holder);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong posted = new java.util.concurrent.atomic.AtomicLong();
        Thread poster = new Thread(() -> {
            while (!stop.get()) {
                topUp(accountNo, 1_00, clock.instant()); // a top-up of the day, between (and during) the report's reads
                posted.incrementAndGet();
            }
        }, "poster");
        poster.start();
        try {
            for (int run = 0; run < 8; run++) {
                report(z);
                Map<String, List<String>> summary = byFirstColumn(csv(z, "summary"));
                assertThat(summary.get("Result")).as("run %d while %d top-ups were posted: %s", run, posted.get(), summary).containsExactly("", "", "OK");
            }
        } finally {
            stop.set(true);
            poster.join();
        }
        assertThat(posted.get()).as("top-ups posted while the reports ran").isGreaterThan(8);
    }

    @Test
    @Order(6)
    void theDefaultDayIsFixedWhenTheJobIsLaunchedSoARestartDaysLaterReportsTheSameDay() throws Exception {
        LocalDate w = day.plusDays(30);
        clock.setTo(w, LocalTime.of(14, 0));
        Holder holder = newHolder("0");
        deposit(accountNo(holder), 12_00);
        // the nightly launch, just after midnight, without a date; the XLSX cannot be written, so the run fails
        clock.setTo(w.plusDays(1), LocalTime.of(0, 30));
        Path blocked = Files.createDirectories(reports().resolve("daily_" + w + ".xlsx").resolve("in-the-way"));
        var failed = run(FinanceReportJobConfig.JOB_NAME, Map.of());
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getJobParameters().getString("date")).isEqualTo(w.toString());
        // restarted two days later: still the report of w
        clock.setTo(w.plusDays(3), LocalTime.of(9, 0));
        Files.delete(blocked);
        Files.delete(blocked.getParent());
        assertThat(jobs.awaitEnd(jobs.restart(failed), java.time.Duration.ofMinutes(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(reports().resolve("daily_" + w + ".xlsx")).isRegularFile();
        assertThat(byFirstColumn(csv(reports().resolve("liability_" + w + ".csv"))).get(accountNo(holder)).get(3)).isEqualTo("12.00");
        assertThat(reports().resolve("daily_" + w.plusDays(2) + "_summary.csv")).doesNotExist();
        // a run launched by an earlier version has no date, only its launch time: restarted days later, it is still about w
        clock.setTo(w.plusDays(1), LocalTime.of(0, 40));
        Files.delete(reports().resolve("daily_" + w + ".xlsx"));
        Files.createDirectories(blocked);
        var old = jobOperator.start(financeReportJob, new org.springframework.batch.core.job.parameters.JobParametersBuilder()
                .addString("launchedAt", clock.instant().toString()).toJobParameters());
        var oldEnd = jobs.awaitEnd(old.getId(), java.time.Duration.ofMinutes(1));
        assertThat(oldEnd.getStatus()).isEqualTo(BatchStatus.FAILED);
        clock.setTo(w.plusDays(4), LocalTime.of(9, 0));
        Files.delete(blocked);
        Files.delete(blocked.getParent());
        Files.delete(reports().resolve("liability_" + w + ".csv"));
        assertThat(jobs.awaitEnd(jobs.restart(oldEnd), java.time.Duration.ofMinutes(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(reports().resolve("liability_" + w + ".csv")).isRegularFile();
        assertThat(reports().resolve("daily_" + w.plusDays(3) + "_summary.csv")).doesNotExist();
        // statements take their day the same way; a day that is not one is refused at launch, naming the parameter
        assertThat(jobs.spec("statements").businessDayParameter()).isEqualTo("date");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.start(FinanceReportJobConfig.JOB_NAME, Map.of("date", "2036-02-30")))
                .isInstanceOf(dk.cardoffice.batch.launch.JobLaunchRefused.class).hasMessageContaining("parameter 'date'");
    }

    @Test
    @Order(7)
    void aTerminalFileThatComesAfterMidnightIsNamedInTheDaysReportRunAgainAndTiedToTheNextDaysOpening() throws Exception {
        LocalDate v = day.plusDays(40);
        clock.setTo(v, LocalTime.of(10, 0));
        String school = newInstitution("SCHOOL");
        Holder holder = newHolder("0");
        deposit(accountNo(holder), 20_00);
        // an account opened the day after, with nothing on it by the end of v, is not in v's listing; the holder's is
        Holder later = newHolder("0");
        jdbc.update("update account set created_at = ? where id = ?", java.sql.Timestamp.from(v.plusDays(1).atTime(9, 0).atZone(COPENHAGEN).toInstant()),
                later.accountId());
        report(v);
        assertThat(table(csv(v, "exceptions"), 0)).noneMatch(r -> r.get(0).equals("LATE_POSTINGS"));
        Map<String, List<String>> listing = byFirstColumn(csv(reports().resolve("liability_" + v + ".csv")));
        assertThat(listing).doesNotContainKey(accountNo(later));
        assertThat(listing.get(accountNo(holder)).get(3)).isEqualTo("20.00");

        // the terminal's file of v comes the next morning: its sale is booked on v (its sale time), recorded on v + 1
        clock.setTo(v.plusDays(1), LocalTime.of(8, 0));
        String terminal = newTerminal();
        assertThat(post(salesFile(terminal, stamp(v), List.of(line(terminal, school, "L1", v + "T15:00:00", holder.card(), "SALE", "101", "Ostehøps",
                1, "4.00")))).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // (the database stamps created_at with its own clock, which the test clock does not move)
        jdbc.update("update movement set created_at = ? where key_space = 'SALE' and business_key = ?",
                java.sql.Timestamp.from(clock.instant()), terminal + ":L1");

        report(v);
        assertThat(table(csv(v, "exceptions"), 0)).filteredOn(r -> r.get(0).equals("LATE_POSTINGS")).singleElement()
                .satisfies(r -> assertThat(r.get(1)).isEqualTo("1"));
        assertThat(byFirstColumn(csv(v, "summary")).get("Sales")).containsExactly("1", "-4.00", "");
        assertThat(byFirstColumn(csv(v, "summary")).get("Result")).containsExactly("", "", "OK");

        assertThat(run(FinanceReportJobConfig.JOB_NAME, Map.of("date", v.plusDays(1).toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> next = byFirstColumn(csv(v.plusDays(1), "summary"));
        assertThat(next.get("Of which booked on earlier days but recorded on this day (late terminal files)")).containsExactly("1", "-4.00", "");
        assertThat(next.get("Result")).containsExactly("", "", "OK");
        assertThat(table(csv(v.plusDays(1), "exceptions"), 0)).noneMatch(r -> r.get(0).equals("LATE_POSTINGS"));
    }

    @Test
    @Order(8)
    void aDayWithMoreExceptionsThanASheetListsHasThemAllInTheCsvAndTheFirstInTheXlsxWithCompleteTotals() throws Exception {
        LocalDate u = day.plusDays(50);
        clock.setTo(u, LocalTime.of(18, 0));
        String school = newInstitution("SCHOOL");
        String terminal = newTerminal();
        int unknown = ExceptionsSection.LISTED + 5; // sales on a card nobody has: each a flag, each a suspense item
        List<String> lines = new ArrayList<>(unknown);
        for (int i = 0; i < unknown; i++) {
            lines.add(line(terminal, school, "U" + i, u + "T12:" + String.format("%02d:%02d", (i / 60) % 60, i % 60), "ZZ98ZZ98", "SALE", "101", "Bolle",
                    1, "1.00"));
        }
        assertThat(post(salesFile(terminal, stamp(u), lines)).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        report(u);

        List<List<String>> file = csv(u, "exceptions");
        List<List<String>> listed = table(file, 0);
        // every one of the day's in the CSV (with the first day's, still open), and the totals count and sum all the CSV lists
        List<List<String>> unknownCard = listed.stream().filter(r -> r.get(0).equals("FLAGGED_SALE_UNKNOWN_CARD")).toList();
        assertThat(unknownCard).filteredOn(r -> r.get(1).startsWith(terminal + ":U")).hasSize(unknown);
        assertThat(listed).filteredOn(r -> r.get(0).equals("SUSPENSE_ITEM")).hasSize(unknown);
        Map<String, List<String>> totals = byFirstColumn(table(file, 1));
        assertThat(totals.get("FLAGGED_SALE_UNKNOWN_CARD")).containsExactly(String.valueOf(unknownCard.size()),
                dkk(unknownCard.stream().mapToLong(r -> Money.parseDkk(r.get(5))).sum()), String.valueOf(ExceptionsSection.LISTED));
        try (InputStream in = Files.newInputStream(reports().resolve("daily_" + u + ".xlsx")); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet("Exceptions");
            int flagged = 0;
            String more = null;
            for (Row row : sheet) {
                if (row.getCell(0) != null && row.getCell(0).getStringCellValue().equals("FLAGGED_SALE_UNKNOWN_CARD")) {
                    if (row.getCell(1) == null || row.getCell(1).getCellType() == CellType.BLANK) {
                        more = row.getCell(6).getStringCellValue();
                    } else {
                        flagged++;
                    }
                }
            }
            assertThat(flagged).isEqualTo(ExceptionsSection.LISTED + 1); // the listed rows, and the category's row of the totals table
            assertThat(more).startsWith((unknownCard.size() - ExceptionsSection.LISTED) + " more not listed here (" + unknownCard.size() + " in all)");
        }
        assertThat(byFirstColumn(csv(u, "summary")).get("Result")).containsExactly("", "", "OK");
    }

    // --- the day's events, through the code paths the portal and the pipelines use

    private String deposit(String accountNo, long ore) {
        return topUp(accountNo, ore, clock.instant());
    }

    private String deposit(String accountNo, long ore, Instant bookedAt) {
        return topUp(accountNo, ore, bookedAt);
    }

    /** Runs the finance report of {@code date}, which must complete. */
    private void report(LocalDate date) {
        assertThat(run(FinanceReportJobConfig.JOB_NAME, Map.of("date", date.toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    /** The bank's pain.002 for the day's payout file: each withdrawal's status (ACSC paid, RJCT rejected with AC01). */
    private void bankAnswers(Map<String, String> statuses) throws IOException {
        String msgId = jdbc.queryForObject("select max(msg_id) from payout_file", String.class);
        StringBuilder transactions = new StringBuilder();
        statuses.forEach((requestId, status) -> transactions.append("<TxInfAndSts><OrgnlEndToEndId>").append(requestId).append("</OrgnlEndToEndId><TxSts>")
                .append(status).append("</TxSts>").append(status.equals("RJCT") ? "<StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf>" : "")
                .append("</TxInfAndSts>"));
        Path report = Files.createDirectories(home.home().resolve("archive/bank-status/fin-" + next())).resolve("pain002.xml");
        Files.writeString(report, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">"
                + "<CstmrPmtStsRpt><GrpHdr><MsgId>FIN-" + next() + "</MsgId><CreDtTm>2026-12-07T07:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>"
                + msgId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>" + msgId
                + "-1</OrgnlPmtInfId>" + transactions + "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>");
        assertThat(run(BankStatusImportJobConfig.JOB_NAME, Map.of("file", report.toString())).getExitStatus().getExitCode()).isEqualTo("COMPLETED");
    }

    private String settlementLine(String payout, String transactionId, String orderId, String type, String amount, String fee) {
        return settlementLine(day, payout, transactionId, orderId, type, amount, fee);
    }

    private static String settlementLine(LocalDate date, String payout, String transactionId, String orderId, String type, String amount, String fee) {
        return String.join(";", date.toString(), payout, transactionId, orderId, date + "T16:04:00", "VISA", type, amount, fee, "DKK");
    }

    private Path settlementFile(String acquirer, LocalDate date, List<String> lines) throws IOException {
        long signed = 0;
        long fees = 0;
        for (String l : lines) {
            String[] f = l.split(";", -1);
            signed += f[6].equals("CAPTURE") ? Money.parseDkk(f[7]) : -Money.parseDkk(f[7]);
            fees += Money.parseDkk(f[8]);
        }
        List<String> all = new ArrayList<>();
        all.add("settlement_date;payout_reference;transaction_id;order_id;transaction_time;card_brand;type;amount;fee;currency");
        all.addAll(lines);
        all.add("#TRAILER;" + lines.size() + ";" + Money.formatDkk(signed) + ";" + Money.formatDkk(fees) + ";" + Money.formatDkk(signed - fees));
        Path file = Files.createDirectories(home.home().resolve("archive/settlement/fin-" + next()))
                .resolve("settlement_" + acquirer + "_" + stamp(date).substring(0, 8) + ".csv");
        Files.write(file, all, StandardCharsets.UTF_8);
        return file;
    }

    /** The account and card enrolment-import made for a pupil. */
    private Holder enrolled(String institutionNo, EnrolmentFiles.Pupil pupil) {
        return jdbc.queryForObject("""
                select a.id, c.card_number from enrolment e join account a on a.member_id = e.member_id join card c on c.account_id = a.id
                where e.institution_no = ? and e.pupil_id = ?""", (rs, i) -> new Holder(rs.getLong(1), rs.getString(2)), institutionNo,
                pupil.pupilId());
    }

    private String accountNo(Holder holder) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, holder.accountId());
    }

    private static String dkk(long ore) {
        return Money.formatDkk(ore);
    }

    private static String stamp(LocalDate date) {
        return date.toString().replace("-", "") + "235900";
    }

    // --- reading the report back

    private Path reports() {
        return home.outbox("reports");
    }

    private List<List<String>> csv(String section) throws IOException {
        return csv(day, section);
    }

    private List<List<String>> csv(LocalDate date, String section) throws IOException {
        return csv(reports().resolve("daily_" + date + "_" + section + ".csv"));
    }

    /** Every line of the file as cells (an empty line as an empty list), the byte order mark checked and dropped. */
    private static List<List<String>> csv(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).as("%s begins with the UTF-8 byte order mark", file).startsWith(0xEF, 0xBB, 0xBF);
        List<List<String>> rows = new ArrayList<>();
        for (String line : new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n", -1)) {
            if (line.isEmpty()) {
                rows.add(List.of());
                continue;
            }
            try (Reader reader = new java.io.StringReader(line)) {
                CSVRecord record = CSVFormat.DEFAULT.builder().setDelimiter(';').get().parse(reader).getRecords().get(0);
                rows.add(record.toList());
            }
        }
        if (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return rows;
    }

    /** The {@code index}-th table of a report file (tables are separated by an empty line), with its header. */
    private static List<List<String>> table(List<List<String>> rows, int index) {
        List<List<List<String>>> tables = new ArrayList<>(List.of(new ArrayList<>()));
        for (List<String> row : rows) {
            if (row.isEmpty()) {
                tables.add(new ArrayList<>());
            } else {
                tables.get(tables.size() - 1).add(row);
            }
        }
        return tables.get(index);
    }

    private static Map<String, List<String>> byFirstColumn(List<List<String>> rows) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (List<String> row : rows) {
            if (!row.isEmpty()) {
                byKey.put(row.get(0), row.subList(1, row.size()));
            }
        }
        return byKey;
    }

    private Map<String, byte[]> reportBytes() throws IOException {
        return reportBytes(day);
    }

    /** The CSVs of a day's report by name. */
    private Map<String, byte[]> reportBytes(LocalDate date) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (var list = Files.list(reports())) {
            for (Path f : list.filter(f -> f.getFileName().toString().endsWith("_" + date + ".csv")
                    || f.getFileName().toString().startsWith("daily_" + date + "_")).toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    /** Every sheet of the XLSX holds its section's CSV: numbers as numbers in the Danish-ready format, dates as dates, text as text. */
    private void xlsxAgreesWithTheCsvsCellByCell(Holder formulaHolder) throws Exception {
        Map<String, String> sheets = Map.of("summary", "Summary", "safeguarding", "Safeguarding", "sales-by-institution", "Sales by institution",
                "settlement", "Settlement", "payouts", "Payouts", "exceptions", "Exceptions");
        try (InputStream in = Files.newInputStream(reports().resolve("daily_" + day + ".xlsx")); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(6);
            boolean formulaNameSeen = false;
            for (Map.Entry<String, String> section : sheets.entrySet()) {
                XSSFSheet sheet = workbook.getSheet(section.getValue());
                assertThat(sheet).as(section.getValue()).isNotNull();
                assertThat(sheet.getPaneInformation().isFreezePane()).as("frozen header in %s", section.getValue()).isTrue();
                List<List<String>> rows = csv(section.getKey());
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.getRow(r);
                    List<String> expected = rows.get(r);
                    if (expected.isEmpty()) {
                        assertThat(row).as("%s row %d is empty", section.getValue(), r).isNull();
                        continue;
                    }
                    for (int c = 0; c < expected.size(); c++) {
                        Cell cell = row.getCell(c);
                        String want = expected.get(c);
                        String where = section.getValue() + " " + new org.apache.poi.ss.util.CellReference(r, c).formatAsString();
                        if (want.isEmpty()) {
                            assertThat(cell == null || cell.getCellType() == CellType.BLANK).as(where).isTrue();
                        } else if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                            assertThat(cell.getLocalDateTimeCellValue().toLocalDate().toString()).as(where).isEqualTo(want);
                        } else if (cell.getCellType() == CellType.NUMERIC) {
                            String format = cell.getCellStyle().getDataFormatString();
                            if (format.equals("#,##0.00")) {
                                assertThat(BigDecimal.valueOf(cell.getNumericCellValue()).setScale(2, java.math.RoundingMode.HALF_EVEN)).as(where)
                                        .isEqualTo(new BigDecimal(want));
                            } else {
                                assertThat(format).as(where).isEqualTo("#,##0");
                                assertThat((long) cell.getNumericCellValue()).as(where).isEqualTo(Long.parseLong(want));
                            }
                        } else {
                            assertThat(cell.getCellType()).as(where).isEqualTo(CellType.STRING);
                            assertThat(ReportCsv.text(cell.getStringCellValue())).as(where).isEqualTo(want);
                            formulaNameSeen |= cell.getStringCellValue().startsWith("=HYPERLINK(");
                        }
                    }
                }
            }
            assertThat(formulaNameSeen).as("the holder whose name begins with = is a text cell in the XLSX").isTrue();
            assertThat(((XSSFSheet) workbook.getSheet("Sales by institution")).getDrawingPatriarch().getCharts()).hasSize(1);
            Sheet summary = workbook.getSheet("Summary");
            assertThat(summary.getColumnWidth(0)).as("the label column fits its longest label").isGreaterThan(50 * 256);
        }
    }
}
