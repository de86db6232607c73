package dk.cardoffice.batch.mail;

/**
 * The port through which e-mail leaves cardoffice (contract §9): SMTP when a server is configured
 * ({@link SmtpMailSender}), otherwise an .eml file in outbox/mail/ ({@link EmlFileMailSender}).
 */
public interface MailSender {

    /**
     * Hands the message over.
     *
     * @throws Refused when it cannot be handed over: {@link Refused#permanent} when trying again cannot help (the
     *                 server answered 5xx for it, the address is not an address)
     */
    void send(MailOutbox.Message message);

    /** True when handing the same message over twice leaves one copy (the .eml file). */
    default boolean idempotent() {
        return false;
    }

    /**
     * Hands a page over (SMTP: on one connection). The answer has one entry per message, in order: null when it went,
     * else why not.
     */
    default java.util.List<Refused> sendAll(java.util.List<MailOutbox.Message> page) {
        java.util.List<Refused> outcomes = new java.util.ArrayList<>(page.size());
        for (MailOutbox.Message message : page) {
            try {
                send(message);
                outcomes.add(null);
            } catch (Refused refused) {
                outcomes.add(refused);
            }
        }
        return outcomes;
    }

    /** Why a message did not go. */
    class Refused extends RuntimeException {

        private final boolean permanent;

        public Refused(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
