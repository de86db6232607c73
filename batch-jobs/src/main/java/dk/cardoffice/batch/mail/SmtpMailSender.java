package dk.cardoffice.batch.mail;

import java.lang.reflect.Method;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends over SMTP with Spring's {@link JavaMailSender} (configured by {@code spring.mail.*}): UTF-8, the subject
 * MIME-encoded, plain text or multipart/alternative text + HTML, and the message's own Message-ID (the same on every
 * attempt). A refusal is permanent when the server answers 5xx for the message or the address is no address;
 * anything else (no connection, 4xx, a timeout) is worth another attempt later.
 */
public class SmtpMailSender implements MailSender {

    private final JavaMailSender smtp;
    private final String from;

    public SmtpMailSender(JavaMailSender smtp, String from) {
        this.smtp = smtp;
        this.from = from;
    }

    @Override
    public void send(MailOutbox.Message message) {
        Refused refused = sendAll(java.util.List.of(message)).get(0);
        if (refused != null) {
            throw refused;
        }
    }

    /** The page over one SMTP connection (Spring's JavaMailSender sends an array on one transport); a failure is per message. */
    @Override
    public java.util.List<Refused> sendAll(java.util.List<MailOutbox.Message> page) {
        java.util.List<Refused> outcomes = new java.util.ArrayList<>(java.util.Collections.nCopies(page.size(), (Refused) null));
        java.util.Map<MimeMessage, Integer> index = new java.util.IdentityHashMap<>();
        java.util.List<MimeMessage> mimes = new java.util.ArrayList<>(page.size());
        jakarta.mail.Session session = smtp.createMimeMessage().getSession();
        for (int i = 0; i < page.size(); i++) {
            MailOutbox.Message message = page.get(i);
            try {
                MimeMessage mime = MimeMessages.build(session, from, message, java.time.Instant.now());
                index.put(mime, i);
                mimes.add(mime);
            } catch (MessagingException e) {
                outcomes.set(i, new Refused("message " + message.key() + " cannot be made: " + e.getMessage(), e instanceof AddressException, e));
            }
        }
        if (mimes.isEmpty()) {
            return outcomes;
        }
        try {
            smtp.send(mimes.toArray(MimeMessage[]::new));
        } catch (org.springframework.mail.MailSendException e) {
            if (e.getFailedMessages().isEmpty()) {
                mimes.forEach(m -> outcomes.set(index.get(m), classify(e)));
            }
            e.getFailedMessages().forEach((failed, cause) -> {
                Integer i = index.get(failed);
                if (i != null) {
                    outcomes.set(i, classify(cause));
                }
            });
        } catch (MailException e) {
            Refused refused = classify(e);
            mimes.forEach(m -> outcomes.set(index.get(m), refused));
        }
        return outcomes;
    }

    private static Refused classify(Exception e) {
        if (e instanceof MailParseException || e instanceof MailPreparationException) {
            return new Refused(e.getMessage(), true, e);
        }
        if (e instanceof MailAuthenticationException) {
            return new Refused("the SMTP server refused cardoffice's login: " + e.getMessage(), false, e);
        }
        int code = smtpReturnCode(e);
        return new Refused(code > 0 ? "SMTP " + code + ": " + e.getMessage() : e.getMessage(), code >= 500 || hasCause(e, AddressException.class), e);
    }

    /** The reply code of the SMTP exception in the cause chain (Angus Mail's SMTPSendFailedException and kin), or 0. */
    static int smtpReturnCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : nextCause(t)) {
            if (t.getClass().getName().contains(".smtp.SMTP")) {
                try {
                    Method code = t.getClass().getMethod("getReturnCode");
                    return (Integer) code.invoke(t);
                } catch (ReflectiveOperationException ignored) {
                    // not one that carries a code
                }
            }
        }
        return 0;
    }

    private static Throwable nextCause(Throwable t) {
        if (t instanceof org.springframework.mail.MailSendException send && !send.getFailedMessages().isEmpty()) {
            Exception failed = send.getFailedMessages().values().iterator().next();
            if (failed != t) {
                return failed;
            }
        }
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = nextCause(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
