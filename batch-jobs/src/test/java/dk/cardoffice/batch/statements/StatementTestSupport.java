package dk.cardoffice.batch.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;

import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.batch.sales.SalesTestSupport;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * What the statements tests share: a day's movements made through the code paths the portal and the pipelines use,
 * guardians with their settings, and the one statement every flavour of delivery must carry.
 */
public abstract class StatementTestSupport extends SalesTestSupport {

    protected static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    protected final LocalDate today = LocalDate.now(COPENHAGEN);

    /**
     * A day with a deposit, a purchase with three items, a refund and a withdrawal the bank rejected, on a child's account
     * with one guardian; returns what the statement must show.
     */
    protected Day aDayOfEveryKindOfMovement() throws IOException {
        String school = newInstitution("SCHOOL");
        jdbc.update("update institution set name = 'Roskilde Lilleskole' where institution_no = ?", school);
        Holder child = newHolder("0");
        jdbc.update("update member set first_name = 'Åse', last_name = 'Ørum Ærø' where id = (select member_id from account where id = ?)",
                child.accountId()); // æøå in the subject
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
        rejectedByTheBank(withdraw(accountNo, 50_00));
        return new Day(email, accountNo, holder(child));
    }

    protected record Day(String email, String accountNo, String holder) {
    }

    /** The day's statement, as text and HTML: every movement with its amount, items, place and running balance, in Danish. */
    protected void isTheDaysStatement(MimeMessage statement, Day day) throws Exception {
        assertThat(statement.getSubject()).isEqualTo("Kontoudtog " + DanishFormat.day(today) + " for " + day.holder() + " (kortkonto "
                + day.accountNo() + ")");
        assertThat(statement.getHeader("Subject")[0]).as("MIME-encoded").startsWith("=?UTF-8?");
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
    }

    // --- the day's movements, through the code paths the portal and the pipelines use

    protected void deposit(String accountNo, long ore) {
        topUp(accountNo, ore, Instant.now());
    }

    /** The payout run sends it; the bank's pain.002 rejects it (AC01): the money comes back. */
    protected void rejectedByTheBank(String requestId) throws IOException {
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
    protected void move(Holder holder, long ore, LocalDate day) {
        long suspense = accounts.systemAccountId(SystemAccount.SUSPENSE);
        Instant at = day.atTime(12, 0).atZone(COPENHAGEN).toInstant();
        String key = "stmt-move-" + next();
        ledger.post(ore > 0 ? LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, key, at, "Overført", suspense, holder.accountId(), ore)
                : LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, key, at, "Overført", holder.accountId(), suspense, -ore));
    }

    // --- guardians and what they received

    protected String guardianOf(Holder holder, String name, String email, boolean statements, long thresholdOre) {
        link(holder, guardian(name, email, statements, thresholdOre));
        return email;
    }

    protected long guardian(String name, String email, boolean statements, long thresholdOre) {
        String hmac = "stmt-guardian-" + next() + "-" + System.nanoTime();
        jdbc.update("insert into guardian (cpr_hmac, cpr_masked, name, email, low_balance_threshold_ore, daily_statements) values (?, '010180-xxxx', ?, ?, ?, ?)",
                hmac, name, email, thresholdOre, statements);
        return jdbc.queryForObject("select id from guardian where cpr_hmac = ?", Long.class, hmac);
    }

    protected void link(Holder holder, long guardianId) {
        jdbc.update("insert into member_guardian (member_id, guardian_id, source, source_ref) select member_id, ?, 'PORTAL', 'test' from account where id = ?",
                guardianId, holder.accountId());
    }

    protected String accountNo(Holder holder) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, holder.accountId());
    }

    protected String holder(Holder holder) {
        return jdbc.queryForObject("select m.first_name || ' ' || m.last_name from account a join member m on m.id = a.member_id where a.id = ?",
                String.class, holder.accountId());
    }

    /** The messages this address received, parsed back with Jakarta Mail, oldest first. */
    protected abstract List<MimeMessage> mailsTo(String address) throws Exception;

    protected static long ore(String danish) {
        return Long.parseLong(danish.replace(".", "").replace(",", ""));
    }
}
