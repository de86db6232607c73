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
public abstract class StatementsFunctionalTests extends StatementTestSupport {

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
        Day day = aDayOfEveryKindOfMovement();

        JobExecution run = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<MimeMessage> received = mailsTo(day.email());
        assertThat(received).hasSize(1);
        isTheDaysStatement(received.get(0), day);

        JobExecution again = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(mailsTo(day.email())).as("a repeated run sends nothing again").hasSize(1);
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

    /** The .eml files to this address, parsed back with Jakarta Mail, oldest first. */
    protected List<MimeMessage> mailsTo(String address) throws Exception {
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

    private static long id(Path eml) {
        String name = eml.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
    }
}
