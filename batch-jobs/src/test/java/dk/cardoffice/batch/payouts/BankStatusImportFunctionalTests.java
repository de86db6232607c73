package dk.cardoffice.batch.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.ledger.portal.AccountViews;
import dk.cardoffice.ledger.portal.Statements;

/** bank-status-import: the bank's pain.002 at each level confirms or rejects each withdrawal once, whatever it repeats or gets wrong. */
public abstract class BankStatusImportFunctionalTests extends PayoutTestSupport {

    private Path drop;

    @BeforeEach
    void dropFolderInTheArchive() throws IOException {
        drop = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive").resolve("bank-status")), "test-");
    }

    /** Withdrawals of these amounts from one account holding {@code balance}, sent in one payout file; returns [msgId, e2e...]. */
    private List<String> sent(long accountId, long... amounts) {
        List<String> ids = new ArrayList<>();
        for (long amount : amounts) {
            ids.add(withdraw(accountId, amount, "Ida Holm", "1234", "12345678", "Udbetaling"));
        }
        assertThat(run(PayoutRunJobConfig.JOB_NAME, Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids.add(0, jdbc.queryForObject("select f.msg_id from payout_file f join withdrawal w on w.payout_file_id = f.id where w.request_id = ?",
                String.class, ids.get(0)));
        return ids;
    }

    @Test
    void aPartialRejectionConfirmsRejectsAndLeavesPendingEachWithdrawalThenAReportImportedAgainChangesNothing() throws Exception {
        long account = newAccount(1_000_00);
        List<String> ids = sent(account, 100_00, 200_00, 300_00);
        String msgId = ids.get(0);
        assertThat(balance(account)).isEqualTo(400_00);

        String report = pain002(msgId, "PART", null, null, null,
                tx(ids.get(1), "ACSC", null, null), tx(ids.get(2), "RJCT", "AC01", null), tx(ids.get(3), "PDNG", null, null));
        JobExecution run = importReport(report);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(status(ids.get(1))).isEqualTo("CONFIRMED");
        assertThat(status(ids.get(2))).isEqualTo("REJECTED");
        assertThat(status(ids.get(3))).isEqualTo("SENT");
        assertThat(jdbc.queryForMap("select status_reason_code, status_reason from withdrawal where request_id = ?", ids.get(2)))
                .containsEntry("status_reason_code", "AC01").containsEntry("status_reason", "kontonummeret er forkert");
        assertThat(balance(account)).as("the rejected 200.00 is back").isEqualTo(600_00);
        assertThat(movements("PAYOUT", ids.get(1))).isEqualTo(1);
        assertThat(movements("WITHDRAWAL_REVERSAL", ids.get(2))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select recipient from mail_outbox where message_key = ?", String.class, "payout-rejected:" + ids.get(2)))
                .endsWith("@example.dk");
        String body = jdbc.queryForObject("select body from mail_outbox where message_key = ?", String.class, "payout-rejected:" + ids.get(2));
        assertThat(body).contains("kr. 200,00", "kontonummeret er forkert", "reg.nr. 1234");
        // what the parent sees: the account view and the Kontoudtog say where each withdrawal stands
        String accountNo = accountNo(account);
        var view = new AccountViews(jdbc).view(accountNo);
        assertThat(view.withdrawals()).extracting(w -> w.requestId() + " " + w.status() + " " + w.reason())
                .containsExactly(ids.get(3) + " SENT null", ids.get(2) + " REJECTED kontonummeret er forkert", ids.get(1) + " CONFIRMED null");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
        var statement = new Statements(jdbc, accounts).of(accountNo, today, today);
        assertThat(statement.movements()).filteredOn(m -> m.withdrawalStatus() != null)
                .extracting(m -> m.type() + " " + m.amount() + " " + m.withdrawalStatus())
                .containsExactly("Udbetalt -100.00 CONFIRMED", "Udbetalt -200.00 REJECTED", "Udbetalt -300.00 SENT", "Udbetaling afvist 200.00 REJECTED");
        long movementsBefore = jdbc.queryForObject("select count(*) from movement", Long.class);

        // the same report again (a new file: the bank sent it twice), then the pending one decided
        JobExecution again = importReport(report.replace("<MsgId>STS-", "<MsgId>STS2-"));
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForObject("select count(*) from movement", Long.class)).isEqualTo(movementsBefore);
        assertThat(outcomes(again)).containsOnly("REPORTED", "UNCHANGED", "PENDING");
        assertThat(balance(account)).isEqualTo(600_00);

        importReport(pain002(msgId, null, null, null, null, tx(ids.get(3), "ACCP", null, null)));
        assertThat(status(ids.get(3))).isEqualTo("CONFIRMED");
        assertThat(jdbc.queryForObject("select count(*) from mail_outbox where message_key in (?, ?, ?)", Integer.class, "payout-rejected:" + ids.get(1),
                "payout-rejected:" + ids.get(2), "payout-rejected:" + ids.get(3))).as("one message, for the one rejection").isEqualTo(1);
    }

    @Test
    void aGroupRejectionRejectsEveryWithdrawalUnderItEvenOneListedAsAccepted() throws Exception {
        long account = newAccount(1_000_00);
        List<String> ids = sent(account, 100_00, 200_00, 300_00);

        importReport(pain002(ids.get(0), "RJCT", "BE05", null, null, tx(ids.get(1), "ACCP", null, null)));

        assertThat(List.of(status(ids.get(1)), status(ids.get(2)), status(ids.get(3)))).containsOnly("REJECTED");
        assertThat(jdbc.queryForList("select distinct status_reason_code from withdrawal where request_id in (?, ?, ?)", String.class,
                ids.get(1), ids.get(2), ids.get(3))).containsExactly("BE05");
        assertThat(balance(account)).isEqualTo(1_000_00);
    }

    @Test
    void aPaymentInformationRejectionRejectsItsWithdrawalsAndAGroupAcceptanceConfirmsTheRest() throws Exception {
        long account = newAccount(1_000_00);
        List<String> rejected = sent(account, 100_00, 200_00);
        List<String> accepted = sent(account, 50_00, 60_00);

        importReport(pain002(rejected.get(0), null, null, "RJCT", "NARR|Modtagerbanken svarer ikke"));
        importReport(pain002(accepted.get(0), "ACSC", null, null, null));

        assertThat(List.of(status(rejected.get(1)), status(rejected.get(2)))).containsOnly("REJECTED");
        assertThat(jdbc.queryForObject("select status_reason from withdrawal where request_id = ?", String.class, rejected.get(1)))
                .isEqualTo("se bankens forklaring: Modtagerbanken svarer ikke");
        assertThat(List.of(status(accepted.get(1)), status(accepted.get(2)))).containsOnly("CONFIRMED");
        assertThat(balance(account)).isEqualTo(1_000_00 - 110_00);
    }

    @Test
    void anUnknownMessageOrEndToEndIdIsReportedAndChangesNothing() throws Exception {
        long account = newAccount(1_000_00);
        List<String> ids = sent(account, 100_00);
        long movementsBefore = jdbc.queryForObject("select count(*) from movement", Long.class);

        JobExecution unknownMessage = importReport(pain002("CARDOFFICE-PAY-99999999", "ACCP", null, null, null, tx(ids.get(1), "ACCP", null, null)));
        JobExecution unknownTransaction = importReport(pain002(ids.get(0), null, null, null, null, tx("W-NOBODY-SENT-THIS", "RJCT", "AC04", null)));

        assertThat(unknownMessage.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(outcomes(unknownMessage)).containsOnly("UNKNOWN_MESSAGE");
        assertThat(outcomes(unknownTransaction)).contains("UNKNOWN_TRANSACTION");
        assertThat(status(ids.get(1))).isEqualTo("SENT");
        assertThat(jdbc.queryForObject("select count(*) from movement", Long.class)).isEqualTo(movementsBefore);
    }

    @Test
    void aMalformedReportAndOneWithAnExternalEntityAreRejectedWholeAndChangeNothing() throws Exception {
        long account = newAccount(1_000_00);
        List<String> ids = sent(account, 100_00);
        Path secret = Files.writeString(drop.resolve("secret.txt"), "AC01");
        String good = pain002(ids.get(0), null, null, null, null, tx(ids.get(1), "RJCT", "AC01", null));

        JobExecution malformed = importReport(good.substring(0, good.length() / 2));
        String xxe = good.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>").replace("<Cd>AC01</Cd>", "<Cd>&xxe;</Cd>");
        JobExecution external = importReport(xxe);
        JobExecution notPain002 = importReport(good.replace("pain.002.001.03", "pain.002.001.10"));
        JobExecution tooLong = importReport(good.replace("<OrgnlEndToEndId>" + ids.get(1), "<OrgnlEndToEndId>" + "X".repeat(36)));

        assertThat(tooLong.getExitStatus().getExitDescription()).contains("<OrgnlEndToEndId> is longer than the 35 characters");
        for (JobExecution rejected : List.of(malformed, external, notPain002, tooLong)) {
            assertThat(rejected.getExitStatus().getExitCode()).isEqualTo(InboundFileListener.REJECTED);
        }
        assertThat(malformed.getExitStatus().getExitDescription()).contains("not well-formed");
        assertThat(external.getExitStatus().getExitDescription()).contains("DOCTYPE");
        assertThat(notPain002.getExitStatus().getExitDescription()).contains("not a pain.002.001.03 Document");
        assertThat(status(ids.get(1))).isEqualTo("SENT");
        assertThat(balance(account)).isEqualTo(900_00);
    }

    @Test
    void aCrashMidReportIsRestartedWithoutAnyWithdrawalMovedTwice() throws Exception {
        long account = newAccount(10_000_00);
        List<String> ids = sent(account, 100_00, 200_00, 300_00, 400_00, 500_00);
        String report = pain002(ids.get(0), "PART", null, null, null, tx(ids.get(1), "RJCT", "AC04", null), tx(ids.get(2), "ACSC", null, null),
                tx(ids.get(3), "RJCT", "AM05", null), tx(ids.get(4), "ACSC", null, null), tx(ids.get(5), "RJCT", "XX99", null));
        crashPoints.arm("bank-status-import.chunk-applied", 1); // after the second chunk (statuses 3-4) committed

        Path file = reportFile(report);
        JobExecution crashed = importFile(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        JobExecution restarted = importFile(file);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(status(ids.get(1)), status(ids.get(2)), status(ids.get(3)), status(ids.get(4)), status(ids.get(5))))
                .containsExactly("REJECTED", "CONFIRMED", "REJECTED", "CONFIRMED", "REJECTED");
        assertThat(jdbc.queryForObject("select status_reason from withdrawal where request_id = ?", String.class, ids.get(5)))
                .isEqualTo("banken har afvist overførslen med koden XX99");
        for (String id : ids.subList(1, 6)) {
            assertThat(jdbc.queryForObject("select count(*) from movement where business_key = ? and type in ('PAYOUT', 'WITHDRAWAL_REVERSAL')",
                    Integer.class, id)).isEqualTo(1);
        }
        assertThat(balance(account)).isEqualTo(10_000_00 - 600_00);
        assertThat(jdbc.queryForObject("select count(*) from bank_status_line where file_sha256 = ?", Integer.class,
                crashed.getJobParameters().getString("sha256"))).isEqualTo(6);
    }

    @Test
    void aRejectedWithdrawalsMoneyCanBeWithdrawnAgainAndGoesInTheNextFile() throws Exception {
        long account = newAccount(300_00);
        List<String> first = sent(account, 300_00);
        importReport(pain002(first.get(0), null, null, null, null, tx(first.get(1), "RJCT", "AC01", null)));
        assertThat(balance(account)).isEqualTo(300_00);

        List<String> again = sent(account, 300_00);

        assertThat(again.get(0)).isNotEqualTo(first.get(0));
        assertThat(balance(account)).isZero();
        assertThat(endToEndIds(payoutFiles().get(payoutFiles().size() - 1))).containsExactly(again.get(1));
        importReport(pain002(again.get(0), "ACCP", null, null, null));
        assertThat(status(again.get(1))).isEqualTo("CONFIRMED");
    }

    static String tx(String endToEndId, String status, String reason, String text) {
        StringBuilder x = new StringBuilder("      <TxInfAndSts>\n        <StsId>S-" + endToEndId + "</StsId>\n        <OrgnlEndToEndId>" + endToEndId
                + "</OrgnlEndToEndId>\n        <TxSts>" + status + "</TxSts>\n");
        if (reason != null) {
            x.append("        <StsRsnInf><Rsn><Cd>").append(reason).append("</Cd></Rsn>");
            if (text != null) {
                x.append("<AddtlInf>").append(text).append("</AddtlInf>");
            }
            x.append("</StsRsnInf>\n");
        }
        x.append("        <OrgnlTxRef><Amt><InstdAmt Ccy=\"DKK\">1.00</InstdAmt></Amt><CdtrAcct><Id><Othr><Id>12340012345678</Id>"
                + "<SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id></CdtrAcct></OrgnlTxRef>\n      </TxInfAndSts>\n");
        return x.toString();
    }

    /**
     * A pain.002.001.03 answering {@code msgId}: a group status, one payment block with an optional status (its reason "CODE|bank's
     * words"), the transactions.
     */
    static String pain002(String msgId, String groupStatus, String groupReason, String paymentStatus, String paymentReason, String... txs) {
        String paymentText = paymentReason != null && paymentReason.contains("|") ? paymentReason.substring(paymentReason.indexOf('|') + 1) : null;
        paymentReason = paymentText == null ? paymentReason : paymentReason.substring(0, paymentReason.indexOf('|'));
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">\n"
                + "  <CstmrPmtStsRpt>\n    <GrpHdr><MsgId>STS-" + System.nanoTime() + "</MsgId><CreDtTm>2026-12-07T08:15:00</CreDtTm>"
                + "<DbtrAgt><FinInstnId><BIC>DABADKKK</BIC></FinInstnId></DbtrAgt></GrpHdr>\n"
                + "    <OrgnlGrpInfAndSts><OrgnlMsgId>" + msgId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>");
        if (groupStatus != null) {
            x.append("<GrpSts>").append(groupStatus).append("</GrpSts>");
        }
        if (groupReason != null) {
            x.append("<StsRsnInf><Rsn><Cd>").append(groupReason).append("</Cd></Rsn></StsRsnInf>");
        }
        x.append("</OrgnlGrpInfAndSts>\n    <OrgnlPmtInfAndSts>\n      <OrgnlPmtInfId>").append(msgId).append("-1</OrgnlPmtInfId>\n");
        if (paymentStatus != null) {
            x.append("      <PmtInfSts>").append(paymentStatus).append("</PmtInfSts>\n");
        }
        if (paymentReason != null) {
            x.append("      <StsRsnInf><Rsn><Cd>").append(paymentReason).append("</Cd></Rsn>")
                    .append(paymentText == null ? "" : "<AddtlInf>" + paymentText + "</AddtlInf>").append("</StsRsnInf>\n");
        }
        for (String tx : txs) {
            x.append(tx);
        }
        return x.append("    </OrgnlPmtInfAndSts>\n  </CstmrPmtStsRpt>\n</Document>\n").toString();
    }

    private JobExecution importReport(String xml) throws IOException {
        return importFile(reportFile(xml));
    }

    private Path reportFile(String xml) throws IOException {
        Path file = drop.resolve("pain002_" + next() + ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private JobExecution importFile(Path file) {
        return run(BankStatusImportJobConfig.JOB_NAME, Map.of("file", file.toString()));
    }

    private List<String> outcomes(JobExecution run) {
        return jdbc.queryForList("select outcome from bank_status_line where file_sha256 = ? order by seq", String.class,
                run.getJobParameters().getString("sha256"));
    }

    private String status(String requestId) {
        return jdbc.queryForObject("select status from withdrawal where request_id = ?", String.class, requestId);
    }

    private long balance(long accountId) {
        return ledger.balance(accountId);
    }

    private int movements(String type, String key) {
        return jdbc.queryForObject("select count(*) from movement where type = ? and business_key = ?", Integer.class, type, key);
    }
}
