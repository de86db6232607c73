package dk.cardoffice.batch.mail;

/**
 * The port through which e-mail leaves cardoffice (contract §9): SMTP when a server is configured,
 * otherwise an .eml file in outbox/mail/. Sending the same message id twice must not send it twice
 * where the channel allows it (the .eml sender skips a file that exists).
 */
public interface MailSender {

    void send(MailOutbox.Message message);
}
