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
     * Starts a round of deliveries: pages handed over one after another, until the round is closed. SMTP keeps one
     * connection open for the whole round (a connection costs a greeting and an EHLO exchange); the default hands each
     * message over on its own.
     */
    default Round open() {
        return page -> {
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
        };
    }

    /** A round of deliveries (see {@link #open()}). */
    interface Round extends AutoCloseable {

        /** Hands a page over. The answer has one entry per message, in order: null when it went, else why not. */
        java.util.List<Refused> sendAll(java.util.List<MailOutbox.Message> page);

        @Override
        default void close() {
        }
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
