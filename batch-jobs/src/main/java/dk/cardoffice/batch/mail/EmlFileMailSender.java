package dk.cardoffice.batch.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import dk.cardoffice.batch.support.OutboxFiles;

/**
 * Writes each message as an RFC 5322 file {@code mail-<id>.eml} in outbox/mail/: UTF-8 text body,
 * the subject as an RFC 2047 encoded word so æøå survive any mail client. Written atomically; a file
 * that is already there was written before a crash and is not written again.
 */
public class EmlFileMailSender implements MailSender {

    private final Path folder;
    private final String from;
    private final Clock clock;

    public EmlFileMailSender(Path folder, String from, Clock clock) {
        this.folder = folder;
        this.from = from;
        this.clock = clock;
    }

    @Override
    public void send(MailOutbox.Message message) {
        Path target = folder.resolve("mail-" + message.id() + ".eml");
        if (Files.exists(target)) {
            return;
        }
        try (Writer out = new OutputStreamWriter(OutboxFiles.openTmp(target), StandardCharsets.UTF_8)) {
            out.write("Message-ID: <" + message.id() + "." + Integer.toHexString(message.key().hashCode()) + "@cardoffice>\r\n");
            out.write("Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock)) + "\r\n");
            out.write("From: " + from + "\r\n");
            out.write("To: " + message.recipient() + "\r\n");
            out.write("Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(message.subject().getBytes(StandardCharsets.UTF_8)) + "?=\r\n");
            out.write("MIME-Version: 1.0\r\n");
            out.write("Content-Type: text/plain; charset=UTF-8\r\n");
            out.write("Content-Transfer-Encoding: 8bit\r\n");
            out.write("\r\n");
            out.write(message.body().replace("\r\n", "\n").replace("\n", "\r\n"));
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
        OutboxFiles.publish(target);
    }
}
