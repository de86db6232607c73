package dk.cardoffice.batch.mail;

import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.StreamProvider;

/**
 * One outbox message as an RFC 5322 / MIME message, the same for SMTP and the .eml file: UTF-8, the subject as an
 * RFC 2047 encoded word (æøå survive any client), plain text or multipart/alternative text + HTML, and the message's
 * own Message-ID.
 */
final class MimeMessages {

    static {
        // Jakarta Mail finds its StreamProvider with a ServiceLoader (a scan of the class path) on every part it writes or
        // parses, unless the provider is named: measured as a fifth of the CPU of a night's statements
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private MimeMessages() {
    }

    static MimeMessage build(Session session, String from, MailOutbox.Message message, Instant date) throws MessagingException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", message.messageId()); // the same on every attempt, never a fresh one
            }
        };
        mime.setFrom(new InternetAddress(from));
        mime.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(message.recipient(), true));
        try {
            mime.setHeader("Subject", MimeUtility.fold(9, MimeUtility.encodeText(message.subject(), "UTF-8", "B")));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        mime.setSentDate(Date.from(date));
        if (message.html() == null) {
            mime.setText(message.body(), "UTF-8");
            mime.setHeader("Content-Transfer-Encoding", "8bit");
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.body(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            // named, not detected: the detection encodes each part once more only to choose (Danish text is mostly ASCII)
            text.setHeader("Content-Transfer-Encoding", "quoted-printable");
            html.setHeader("Content-Transfer-Encoding", "quoted-printable");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            mime.setContent(alternative);
        }
        mime.saveChanges();
        if (message.html() == null) {
            mime.setHeader("Content-Transfer-Encoding", "8bit"); // saveChanges chose one; the text stays readable in the file
        }
        return mime;
    }
}
