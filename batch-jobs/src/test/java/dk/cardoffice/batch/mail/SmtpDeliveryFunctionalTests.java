package dk.cardoffice.batch.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dk.cardoffice.batch.JobTestSupport;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * The mail outbox delivered to a real SMTP server (GreenMail): UTF-8 and æøå intact, one delivery per message with
 * its own Message-ID, waiting while the server is away and going out once when it is back, a message the server
 * cannot take for good marked failed and listed.
 */
public abstract class SmtpDeliveryFunctionalTests extends JobTestSupport {

    private static final int PORT = freePort();
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @Autowired
    MailOutbox outbox;
    @Autowired
    MailDispatcher dispatcher;
    @Autowired
    MailSender sender;
    @Autowired
    PlatformTransactionManager transactionManager;

    private GreenMail smtp;
    private static final java.util.concurrent.atomic.AtomicInteger QUEUED = new java.util.concurrent.atomic.AtomicInteger();

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
        registry.add("cardoffice.mail.retry-after", () -> "200ms");
    }

    @BeforeEach
    void startServerWithAnEmptyOutbox() {
        smtp = server();
        smtp.start();
        // what earlier tests left (some waiting for a pause that outlasts them) is not this test's mail
        jdbc.update("update mail_outbox set delivered_at = current_timestamp where delivered_at is null and failed_at is null");
    }

    @AfterEach
    void stopServer() {
        smtp.stop();
    }

    @Test
    void aMessageGoesOutOnceOverSmtpAsTextAndHtmlWithItsOwnMessageIdAndADanishSubject() throws Exception {
        assertThat(sender.idempotent()).as("SMTP, not .eml files").isFalse();
        String key = queue("åse.ørum@example.dk", "Kontoudtog for Åse Ærø", "Saldo kr. 135,50 – æøå", "<p>Saldo <b>kr. 135,50</b> – æøå</p>");

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(dispatcher.deliverDue()).as("nothing is sent twice").isZero();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("Kontoudtog for Åse Ærø");
        assertThat(mail.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("åse.ørum@example.dk");
        long id = jdbc.queryForObject("select id from mail_outbox where message_key = ?", Long.class, key);
        assertThat(mail.getMessageID()).isEqualTo(new MailOutbox.Message(id, key, null, null, null).messageId());
        Multipart alternative = (Multipart) mail.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(partText(alternative, "text/plain")).contains("Saldo kr. 135,50 – æøå");
        assertThat(partText(alternative, "text/html")).contains("<b>kr. 135,50</b> – æøå");
        assertThat(jdbc.queryForObject("select message_id from mail_outbox where id = ?", String.class, id)).isEqualTo(mail.getMessageID());
    }

    @Test
    void twoConnectionsSendingAtOnceSendEveryMessageOnceAcrossSeveralPages() throws Exception {
        List<String> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < 230; i++) { // four full pages of 50 and a part, shared by the two lanes of the round
            recipients.add("lane" + i + "@example.dk");
            queue(recipients.get(i), "Besked " + i, "Hej " + i, null);
        }

        assertThat(dispatcher.deliverDue()).isEqualTo(230);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).extracting(m -> m.getAllRecipients()[0].toString()).containsExactlyInAnyOrderElementsOf(recipients);
        assertThat(java.util.Arrays.stream(received).map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(230);
        assertThat(dispatcher.deliverDue()).isZero();
    }

    @Test
    void aPageAKilledProcessHadClaimedIsGivenBackAtOnceAndSentOnce() throws Exception {
        String key = queue("kill@example.dk", "Efter et nedbrud", "Hej", null);
        String deadProcess = java.util.UUID.randomUUID().toString(); // an incarnation no live process has
        jdbc.update("update mail_outbox set claimed_by = ?, claimed_until = ? where message_key = ?", deadProcess + ":page0001",
                java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(300)), key);
        assertThat(dispatcher.deliverDue()).as("claimed for 5 minutes").isZero();

        assertThat(dispatcher.releaseClaimsOfDeadProcesses()).isEqualTo(1);

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString()).containsExactly("kill@example.dk");
    }

    @Test
    void whileTheServerIsAwayMessagesWaitAndGoOutOnceEachWhenItIsBack() throws Exception {
        smtp.stop();
        List<String> keys = List.of(queue("a@example.dk", "Én", "1", null), queue("b@example.dk", "To", "2", null), queue("c@example.dk", "Tre", "3", null));

        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(jdbc.queryForList("select attempts from mail_outbox where message_key in (?, ?, ?) order by id", Integer.class,
                keys.get(0), keys.get(1), keys.get(2))).as("each waits its pause").containsExactly(1, 1, 1);
        assertThat(dispatcher.deliverDue()).as("none is due before its pause is over").isZero();
        assertThat(outbox.undelivered(100)).extracting(MailOutbox.Undelivered::key).contains(keys.get(0), keys.get(1), keys.get(2));

        smtp = server();
        smtp.start();
        Thread.sleep(300); // the first message's pause (retry-after 200 ms in this test)
        assertThat(dispatcher.deliverDue()).isEqualTo(3);
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(smtp.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("a@example.dk", "b@example.dk", "c@example.dk");
    }

    @Test
    void aMessageThatCanNeverBeDeliveredIsMarkedFailedListedAndDoesNotHoldUpTheOthers() throws Exception {
        String bad = queue("ida@@example..dk", "Til Ida", "Hej", null);
        String good = queue("emil@example.dk", "Til Emil", "Hej", null);

        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from mail_outbox where message_key = ? and failed_at is not null", Integer.class, bad))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from mail_outbox where message_key = ? and delivered_at is not null", Integer.class, good))
                .isEqualTo(1);
        assertThat(outbox.undelivered(100)).filteredOn(u -> u.key().equals(bad)).singleElement()
                .satisfies(u -> assertThat(u.failedAt()).isNotNull()).satisfies(u -> assertThat(u.lastError()).isNotBlank());
        assertThat(dispatcher.deliverDue()).as("a failed message is not tried again").isZero();
    }

    private String queue(String recipient, String subject, String text, String html) {
        String key = "smtp-test:" + RUN + ":" + QUEUED.incrementAndGet(); // a key is queued once, ever: unique per message
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> outbox.queueAll(List.of(new MailOutbox.Message(0, key, recipient,
                subject, text, html))));
        return key;
    }

    private static String partText(Multipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).getContentType().startsWith(type)) {
                return (String) multipart.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static GreenMail server() {
        return new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
