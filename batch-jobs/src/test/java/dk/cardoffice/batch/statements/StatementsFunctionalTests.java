package dk.cardoffice.batch.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.batch.sales.SalesTestSupport;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.portal.PortalPostingWriter;
import dk.cardoffice.ledger.portal.Withdrawals;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * statements: a day built through the real pipelines (a deposit, sales with items and a refund from a terminal file, a
 * withdrawal the bank rejected) becomes one Danish statement per guardian, read back from the .eml file with Jakarta
 * Mail; who gets what; low-balance notices once per crossing; a repeated run sends nothing again.
 */
public abstract class StatementsFunctionalTests extends SalesTestSupport {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    MovementWriter movements;

    private final LocalDate today = LocalDate.now(COPENHAGEN);

    @BeforeEach
    void emptyMailFolder() throws IOException {
        try (Stream<Path> files = Files.list(home.outbox("mail"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        jdbc.update("update mail_outbox set delivered_at = current_timestamp where delivered_at is null");
    }

    @Test
    void aDayOfSalesARefundADepositAndARejectedPayoutIsOneDanishStatementWithEveryMovementAndRunningBalance() throws Exception {
        String school = newInstitution("SCHOOL");
        jdbc.update("update institution set name = 'Roskilde Lilleskole' where institution_no = ?", school);
        Holder child = newHolder("0");
        String email = guardianOf(child, "Mette Ærø", "mette" + next() + "@example.dk", true, 2000);
        String accountNo = accountNo(child);
        deposit(accountNo, 200_00);
        String terminal = newTerminal();
        String sold = today + "T11:42:07";
        assertThat(post(salesFile(terminal, today.toString().replace("-", "") + "143000", List.of(
                line(terminal, school, "S1", sold, child.card(), "SALE", "101", "Ostehøps", 1, "3.00"),
                line(terminal, school, "S1", sold, child.card(), "SALE", "102", "Yoghurt", 1, "6.00"),
                line(terminal, school, "S1", sold, child.card(), "SALE", "103", "Stor Grovbolle", 1, "5.00"),
                line(terminal, school, "R1", today + "T11:50:00", child.card(), "REFUND", "102", "Yoghurt", 1, "6.00")))).getStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        String withdrawal = withdraw(accountNo, 50_00);
        rejectedByTheBank(withdrawal);

        JobExecution run = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<MimeMessage> received = mailsTo(email);
        assertThat(received).hasSize(1);
        MimeMessage statement = received.get(0);
        assertThat(statement.getSubject()).isEqualTo("Kontoudtog " + DanishFormat.day(today) + " for " + holder(child) + " (kortkonto " + accountNo + ")");
        Multipart parts = (Multipart) statement.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("Kære Mette Ærø", "Saldo primo: kr. 0,00", "Saldo ultimo: kr. 192,00")
                .containsPattern("\\d\\d:\\d\\d  Indbetaling  200,00  saldo kr\\. ")
                .contains("11:42  Køb, Roskilde Lilleskole  -14,00  saldo kr. ")
                .containsSubsequence("11:42  Køb", "    1x Ostehøps 3,00", "    1x Yoghurt 6,00", "    1x Stor Grovbolle 5,00", "11:50  Refusion")
                .contains("11:50  Refusion, Roskilde Lilleskole  6,00  saldo kr. ")
                .containsPattern("\\d\\d:\\d\\d  Udbetaling  -50,00  saldo kr\\. ")
                .containsPattern("\\d\\d:\\d\\d  Udbetaling afvist  50,00  saldo kr\\. ");
        // the movements are in booking order (the deposit and the payout are booked when the test runs): each running balance is
        // the one before plus the movement's amount, from the opening balance to the closing one
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("  (-?[\\d.]+,\\d\\d)  saldo kr\\. (-?[\\d.]+,\\d\\d)").matcher(text);
        long running = 0;
        int lines = 0;
        while (line.find()) {
            running += ore(line.group(1));
            assertThat(ore(line.group(2))).as("running balance after line %d", ++lines).isEqualTo(running);
        }
        assertThat(lines).isEqualTo(5);
        assertThat(running).isEqualTo(192_00);
        assertThat(html).contains("Roskilde Lilleskole", "1x Ostehøps 3,00", "-14,00", "Udbetaling afvist", "<b>kr. 192,00</b>", "Kære <span>Mette Ærø</span>");

        JobExecution again = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(mailsTo(email)).as("a repeated run sends nothing again").hasSize(1);
    }

    @Test
    void aGuardianOfTwoGetsTwoAChildWithTwoGuardiansOneEachStatementsOffNoneAndADayWithoutMovementsNothing() throws Exception {
        Holder first = newHolder("0");
        Holder second = newHolder("0");
        Holder quiet = newHolder("0");
        String both = "begge" + next() + "@example.dk";
        long parent = guardian("Anne Holm", both, true, 2000);
        link(first, parent);
        link(second, parent);
        String other = guardianOf(first, "Bo Holm", "bo" + next() + "@example.dk", true, 2000);
        String off = guardianOf(second, "Carl Holm", "carl" + next() + "@example.dk", false, 2000);
        guardianOf(second, "Dorte Uden Mail", null, true, 2000);
        String quietParent = guardianOf(quiet, "Eva Stille", "eva" + next() + "@example.dk", true, 2000);
        deposit(accountNo(first), 100_00);
        deposit(accountNo(second), 100_00);

        run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));

        assertThat(mailsTo(both)).extracting(MimeMessage::getSubject).hasSize(2)
                .anySatisfy(s -> assertThat(s).contains(accountNo(first))).anySatisfy(s -> assertThat(s).contains(accountNo(second)));
        assertThat(mailsTo(other)).hasSize(1);
        assertThat(mailsTo(off)).as("statements switched off").isEmpty();
        assertThat(mailsTo(quietParent)).as("no movements that day").isEmpty();
        assertThat(new GuardiansWithoutEmail(jdbc).on(today, 100)).extracting(GuardiansWithoutEmail.Missing::guardianName).contains("Dorte Uden Mail");
    }

    @Test
    void aLowBalanceNoticeOncePerCrossingBelowTheGuardiansThreshold() throws Exception {
        Holder child = newHolder("0");
        String email = guardianOf(child, "Frida Lav", "frida" + next() + "@example.dk", false, 50_00);
        String accountNo = accountNo(child);
        LocalDate day1 = today.minusDays(4);

        move(child, 30_00, day1);               // ends the day at 30.00, below 50.00: told
        move(child, 5_00, day1.plusDays(1));    // 35.00, still below: not told again
        move(child, 40_00, day1.plusDays(2));   // 75.00, above: the next crossing will be told
        move(child, -45_00, day1.plusDays(3));  // 30.00, below again: told
        for (int d = 0; d < 4; d++) {
            run(StatementsJobConfig.JOB_NAME, Map.of("date", day1.plusDays(d).toString()));
        }
        run(StatementsJobConfig.JOB_NAME, Map.of("date", day1.plusDays(3).toString()));

        List<MimeMessage> notices = mailsTo(email);
        assertThat(notices).extracting(MimeMessage::getSubject).containsOnly("Lav saldo på kortkonto " + accountNo + " (" + holder(child) + ")");
        assertThat(notices).hasSize(2);
        assertThat(((String) notices.get(0).getContent())).contains("er nu kr. 30,00, under din grænse på kr. 50,00");
    }

    @Test
    void aRunThatFailsAfterItsFirstChunkIsRestartedAndEveryGuardianGetsEachStatementOnce() throws Exception {
        List<String> guardians = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Holder child = newHolder("0");
            guardians.add(guardianOf(child, "Gitte " + i, "gitte" + i + "-" + next() + "@example.dk", true, 0));
            deposit(accountNo(child), (10 + i) * 100L);
        }
        String date = today.toString();
        crashPoints.arm("statements.chunk-queued", 1); // in the second chunk: the first (2 accounts) has committed

        JobExecution crashed = run(StatementsJobConfig.JOB_NAME, Map.of("date", date));
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        JobExecution restarted = jobs.awaitEnd(jobs.restart(crashed), java.time.Duration.ofMinutes(1));

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String guardian : guardians) {
            assertThat(mailsTo(guardian)).as("statements to %s", guardian).hasSize(1);
        }
        assertThat(run(StatementsJobConfig.JOB_NAME, Map.of("date", date)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String guardian : guardians) {
            assertThat(mailsTo(guardian)).as("after a repeated run, statements to %s", guardian).hasSize(1);
        }
    }

    // --- the day's movements, through the code paths the portal and the pipelines use

    private void deposit(String accountNo, long ore) {
        String orderId = "STMT-" + next();
        Deposits deposits = new Deposits(jdbc, accounts, 1_000_000_00L, 1_000_000_00L);
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> deposits.record(new Deposits.Deposit(orderId, accountNo, ore, "NETS",
                "T-" + orderId, Instant.now()), Instant.now()));
    }

    private String withdraw(String accountNo, long ore) {
        String requestId = "W-STMT-" + next();
        Withdrawals withdrawals = new Withdrawals(jdbc, ledger, accounts, new PortalPostingWriter(jdbc, accounts, movements, 1_000_000_00L, 1_000_000_00L));
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> withdrawals.reserve(new Withdrawals.Withdrawal(requestId, accountNo, ore,
                "Mette Ærø", "1234", "12345678", "Lommepenge", null), Instant.now()));
        return requestId;
    }

    /** The payout run sends it; the bank's pain.002 rejects it (AC01): the money comes back. */
    private void rejectedByTheBank(String requestId) throws IOException {
        assertThat(run(PayoutRunJobConfig.JOB_NAME, Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String msgId = jdbc.queryForObject("select f.msg_id from payout_file f join withdrawal w on w.payout_file_id = f.id where w.request_id = ?",
                String.class, requestId);
        Path report = Files.createDirectories(home.home().resolve("archive/bank-status/stmt-" + next())).resolve("pain002.xml");
        Files.writeString(report, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">"
                + "<CstmrPmtStsRpt><GrpHdr><MsgId>STMT-" + next() + "</MsgId><CreDtTm>2026-12-07T07:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>"
                + msgId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>" + msgId
                + "-1</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>" + requestId + "</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd>"
                + "</Rsn></StsRsnInf></TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>");
        assertThat(run(BankStatusImportJobConfig.JOB_NAME, Map.of("file", report.toString())).getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("select status from withdrawal where request_id = ?", String.class, requestId)).isEqualTo("REJECTED");
    }

    /** Money into (or out of) the account, booked at noon on that day (a suspense transfer: the test's own movement). */
    private void move(Holder holder, long ore, LocalDate day) {
        long suspense = accounts.systemAccountId(SystemAccount.SUSPENSE);
        Instant at = day.atTime(12, 0).atZone(COPENHAGEN).toInstant();
        String key = "stmt-move-" + next();
        ledger.post(ore > 0 ? LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, key, at, "Overført", suspense, holder.accountId(), ore)
                : LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, key, at, "Overført", holder.accountId(), suspense, -ore));
    }

    // --- guardians and what they received

    private String guardianOf(Holder holder, String name, String email, boolean statements, long thresholdOre) {
        link(holder, guardian(name, email, statements, thresholdOre));
        return email;
    }

    private long guardian(String name, String email, boolean statements, long thresholdOre) {
        String hmac = "stmt-guardian-" + next() + "-" + System.nanoTime();
        jdbc.update("insert into guardian (cpr_hmac, cpr_masked, name, email, low_balance_threshold_ore, daily_statements) values (?, '010180-xxxx', ?, ?, ?, ?)",
                hmac, name, email, thresholdOre, statements);
        return jdbc.queryForObject("select id from guardian where cpr_hmac = ?", Long.class, hmac);
    }

    private void link(Holder holder, long guardianId) {
        jdbc.update("insert into member_guardian (member_id, guardian_id, source, source_ref) select member_id, ?, 'PORTAL', 'test' from account where id = ?",
                guardianId, holder.accountId());
    }

    private String accountNo(Holder holder) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, holder.accountId());
    }

    private String holder(Holder holder) {
        return jdbc.queryForObject("select m.first_name || ' ' || m.last_name from account a join member m on m.id = a.member_id where a.id = ?",
                String.class, holder.accountId());
    }

    /** The .eml files to this address, parsed back with Jakarta Mail, oldest first. */
    private List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(home.outbox("mail"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".eml")).sorted((a, b) -> Long.compare(id(a), id(b))).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    MimeMessage m = new MimeMessage(session, in);
                    if (m.getAllRecipients()[0].toString().equals(address)) {
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    private static long ore(String danish) {
        return Long.parseLong(danish.replace(".", "").replace(",", ""));
    }

    private static long id(Path eml) {
        String name = eml.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
    }
}
