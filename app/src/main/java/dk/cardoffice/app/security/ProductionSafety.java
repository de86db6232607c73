package dk.cardoffice.app.security;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import dk.cardoffice.batch.CardofficeProperties;

/**
 * In the {@code prod} profile cardoffice refuses to start with a password stored in clear
 * ({@code {noop}}), without any user, or with the development CPR key: no default secret reaches
 * production.
 */
@Component
public class ProductionSafety implements InitializingBean {

    /** The CPR key that config/application.yml ships for development and the demo. */
    public static final String DEVELOPMENT_CPR_KEY = "development-only-cpr-key-change-me";

    private final Environment environment;
    private final SecurityUsersProperties users;
    private final CardofficeProperties properties;

    public ProductionSafety(Environment environment, SecurityUsersProperties users, CardofficeProperties properties) {
        this.environment = environment;
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        if (users.users().isEmpty()) {
            throw new IllegalStateException("prod profile: configure cardoffice.security.users (none are configured)");
        }
        for (SecurityUsersProperties.User user : users.users()) {
            if (user.password() == null || !user.password().startsWith("{") || user.password().startsWith("{noop}")) {
                throw new IllegalStateException("prod profile: the password of user '" + user.name()
                        + "' must be hashed, e.g. {bcrypt}...; {noop} and unprefixed passwords are refused");
            }
        }
        if (properties.cprKey() == null || properties.cprKey().equals(DEVELOPMENT_CPR_KEY)) {
            throw new IllegalStateException("prod profile: set cardoffice.cpr-key to a secret of your own");
        }
        String iban = properties.payout() == null || properties.payout().debtor() == null ? null : properties.payout().debtor().iban();
        if (!dk.cardoffice.batch.payouts.Iban.isValid(iban)) {
            throw new IllegalStateException("prod profile: cardoffice.payout.debtor.iban '" + iban + "' is not a valid IBAN (check digits):"
                    + " the payout files would pay from it");
        }
    }
}
