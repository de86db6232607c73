package dk.cardoffice.batch;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.support.CrashPoints;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.JdbcLedger;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.card.Cards;
import dk.cardoffice.ledger.member.CprProtector;

/** The ledger and the home folder as Spring beans for every pipeline. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CardofficeProperties.class)
public class CoreBeans {

    /** Business days, file names and statements are Danish local time. */
    public static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    @Bean
    HomeFolders homeFolders(CardofficeProperties properties) {
        return new HomeFolders(properties.home()).createAll();
    }

    @Bean
    Clock clock() {
        return Clock.system(COPENHAGEN);
    }

    @Bean
    Ledger ledger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new JdbcLedger(jdbc, transactionManager);
    }

    @Bean
    Accounts accounts(JdbcTemplate jdbc) {
        return new Accounts(jdbc);
    }

    @Bean
    Cards cards(JdbcTemplate jdbc) {
        return new Cards(jdbc);
    }

    @Bean
    LedgerVerifier ledgerVerifier(JdbcTemplate jdbc) {
        return new LedgerVerifier(jdbc);
    }

    @Bean
    CprProtector cprProtector(CardofficeProperties properties) {
        return new CprProtector(properties.cprKey());
    }

    @Bean
    CrashPoints crashPoints() {
        return new CrashPoints();
    }
}
