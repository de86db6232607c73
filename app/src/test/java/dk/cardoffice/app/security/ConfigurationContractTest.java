package dk.cardoffice.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dk.cardoffice.batch.CardofficeProperties;

/** The keys of contract §12 bind as written; the prod profile lets no default secret through. */
class ConfigurationContractTest {

    @Test
    void contractKeysBind() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("cardoffice.home", "/srv/cardoffice");
        source.put("cardoffice.schedules.enabled", "false");
        source.put("cardoffice.security.users[0].name", "olga");
        source.put("cardoffice.security.users[0].password", "{bcrypt}$2a$10$abc");
        source.put("cardoffice.security.users[0].roles", "OPERATOR, FINANCE");
        source.put("cardoffice.portal.api-keys", "key-one,key-two");
        source.put("cardoffice.payout.debtor.name", "MSS Professional klientkonto");
        source.put("cardoffice.payout.debtor.iban", "DK5000400440116243");
        source.put("cardoffice.payout.debtor.bic", "DABADKKK");
        source.put("cardoffice.payout.initiating-party.name", "Roskilde Kommune");
        source.put("cardoffice.payout.initiating-party.id", "29189404");
        Binder binder = new Binder(source);

        CardofficeProperties properties = binder.bindOrCreate("cardoffice", CardofficeProperties.class);
        SecurityUsersProperties users = binder.bindOrCreate("cardoffice.security", SecurityUsersProperties.class);

        assertThat(properties.home()).isEqualTo(Path.of("/srv/cardoffice"));
        assertThat(properties.schedules().enabled()).isFalse();
        assertThat(properties.portal().apiKeys()).containsExactly("key-one", "key-two");
        assertThat(properties.payout().debtor().iban()).isEqualTo("DK5000400440116243");
        assertThat(properties.payout().debtor().bic()).isEqualTo("DABADKKK");
        assertThat(properties.payout().initiatingParty().name()).isEqualTo("Roskilde Kommune");
        assertThat(properties.payout().initiatingParty().id()).isEqualTo("29189404");
        assertThat(users.users()).hasSize(1);
        assertThat(users.users().get(0).roleNames()).containsExactly("OPERATOR", "FINANCE");
    }

    @Test
    void defaultsRunTheDemo() {
        CardofficeProperties properties = new Binder(new MapConfigurationPropertySource()).bindOrCreate("cardoffice", CardofficeProperties.class);
        assertThat(properties.home().normalize()).isEqualTo(Path.of("var"));
        assertThat(properties.schedules().enabled()).isTrue();
    }

    @Test
    void prodProfileRefusesClearPasswordsTheDevelopmentCprKeyAndAMistypedDebtorIban() {
        StandardEnvironment prod = new StandardEnvironment();
        prod.setActiveProfiles("prod");
        CardofficeProperties devKey = new CardofficeProperties(Path.of("var"), ProductionSafety.DEVELOPMENT_CPR_KEY, null, null, null, null, null, null, null, null);
        CardofficeProperties.Payout payout = new CardofficeProperties.Payout(new CardofficeProperties.Party("Klientmidler", "DK5000400440116243",
                "DABADKKK", null), new CardofficeProperties.Party("Roskilde Kommune", null, null, "29189404"), "0 0 22 * * ?", 1000);
        CardofficeProperties ownKey = new CardofficeProperties(Path.of("var"), "a-real-secret-from-the-vault", null, null, payout, null, null, null, null, null);
        CardofficeProperties mistypedIban = new CardofficeProperties(Path.of("var"), "a-real-secret-from-the-vault", null, null,
                new CardofficeProperties.Payout(new CardofficeProperties.Party("Klientmidler", "DK5000400440116234", "DABADKKK", null), null, null, 1000),
                null, null, null, null, null);
        SecurityUsersProperties clear = new SecurityUsersProperties(List.of(new SecurityUsersProperties.User("olga", "{noop}olga", "OPERATOR")));
        SecurityUsersProperties hashed = new SecurityUsersProperties(List.of(new SecurityUsersProperties.User("olga", "{bcrypt}$2a$10$x", "OPERATOR")));

        assertThatThrownBy(() -> new ProductionSafety(prod, clear, ownKey).afterPropertiesSet()).hasMessageContaining("{noop}");
        assertThatThrownBy(() -> new ProductionSafety(prod, new SecurityUsersProperties(List.of()), ownKey).afterPropertiesSet())
                .hasMessageContaining("cardoffice.security.users");
        assertThatThrownBy(() -> new ProductionSafety(prod, hashed, devKey).afterPropertiesSet()).hasMessageContaining("cpr-key");
        assertThatThrownBy(() -> new ProductionSafety(prod, hashed, mistypedIban).afterPropertiesSet()).hasMessageContaining("payout.debtor.iban");
        new ProductionSafety(prod, hashed, ownKey).afterPropertiesSet();
        new ProductionSafety(new StandardEnvironment(), clear, devKey).afterPropertiesSet();
    }
}
