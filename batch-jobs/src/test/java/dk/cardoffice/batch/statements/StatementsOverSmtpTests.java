package dk.cardoffice.batch.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.batch.mail.MailSender;
import jakarta.mail.internet.MimeMessage;

/**
 * statements over SMTP to a real server (GreenMail): the day's statement as the server received it, and a server that
 * is down while the job runs — the statements wait in the outbox and each goes out once when it is back.
 */
public abstract class StatementsOverSmtpTests extends StatementTestSupport {

    private static final int PORT = freePort();

    @Autowired
    MailDispatcher dispatcher;
    @Autowired
    MailSender sender;

    private GreenMail smtp;

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
        registry.add("cardoffice.mail.retry-after", () -> "200ms");
    }

    @BeforeEach
    void startServerWithAnEmptyOutbox() {
        smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        jdbc.update("update mail_outbox set delivered_at = current_timestamp where delivered_at is null and failed_at is null");
    }

    @AfterEach
    void stopServer() {
        smtp.stop();
    }

    @Test
    void theServerReceivesTheDaysStatementWithEveryMovementInDanish() throws Exception {
        assertThat(sender.idempotent()).as("SMTP, not .eml files").isFalse();
        Day day = aDayOfEveryKindOfMovement();

        JobExecution run = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<MimeMessage> received = mailsTo(day.email());
        assertThat(received).hasSize(1);
        isTheDaysStatement(received.get(0), day);
        assertThat(jdbc.queryForObject("select message_id from mail_outbox where recipient = ? and delivered_at is not null", String.class,
                day.email())).isEqualTo(received.get(0).getMessageID());
    }

    @Test
    void whileTheServerIsDownStatementsWaitAndEachGoesOutOnceWhenItIsBack() throws Exception {
        smtp.stop();
        List<String> guardians = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Holder child = newHolder("0");
            guardians.add(guardianOf(child, "Hanne " + i, "hanne" + i + "-" + next() + "@example.dk", true, 0));
            deposit(accountNo(child), (20 + i) * 100L);
        }

        JobExecution run = run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));
        assertThat(run.getStatus()).as("the job queued them; delivery waits for the server").isEqualTo(BatchStatus.COMPLETED);
        for (String guardian : guardians) {
            assertThat(jdbc.queryForObject("select count(*) from mail_outbox where recipient = ? and delivered_at is null and failed_at is null"
                    + " and attempts = 1 and next_attempt_at is not null", Integer.class, guardian)).as("waiting: %s", guardian).isEqualTo(1);
        }

        smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Thread.sleep(300); // the first pause (retry-after 200 ms in this test)
        assertThat(dispatcher.deliverDue()).isGreaterThanOrEqualTo(guardians.size());
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(run(StatementsJobConfig.JOB_NAME, Map.of("date", today.toString())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String guardian : guardians) {
            assertThat(mailsTo(guardian)).as("statements to %s", guardian).hasSize(1);
        }
    }

    @Override
    protected List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))) {
                found.add(m);
            }
        }
        return found;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
