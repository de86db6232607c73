package dk.cardoffice.batch.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

import dk.cardoffice.batch.support.OutboxFiles;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;

/**
 * Writes each message as an RFC 5322 file {@code mail-<id>.eml} in outbox/mail/ (contract §9, when no SMTP server is
 * configured): the same MIME message SMTP would carry ({@link MimeMessages}). Written atomically; a file that is
 * already there was written before a crash and is not written again.
 */
public class EmlFileMailSender implements MailSender {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final Path folder;
    private final String from;
    private final Clock clock;

    public EmlFileMailSender(Path folder, String from, Clock clock) {
        this.folder = folder;
        this.from = from;
        this.clock = clock;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public void send(MailOutbox.Message message) {
        Path target = folder.resolve("mail-" + message.id() + ".eml");
        if (Files.exists(target)) {
            return;
        }
        try (OutputStream out = OutboxFiles.openTmp(target)) {
            MimeMessages.build(SESSION, from, message, clock.instant()).writeTo(out);
        } catch (AddressException e) {
            throw new Refused("message " + message.key() + ": '" + message.recipient() + "' is not an e-mail address", true, e);
        } catch (MessagingException e) {
            throw new Refused("message " + message.key() + " cannot be made: " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
        OutboxFiles.publish(target);
    }
}
