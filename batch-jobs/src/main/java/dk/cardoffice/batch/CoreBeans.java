package dk.cardoffice.batch;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import java.time.ZoneId;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.mail.EmlFileMailSender;
import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.batch.mail.MailSender;
import dk.cardoffice.batch.mail.SmtpMailSender;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.JdbcLedger;
import dk.cardoffice.ledger.MovementWriter;
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
    MovementWriter movementWriter(JdbcTemplate jdbc) {
        return new MovementWriter(jdbc);
    }

    @Bean
    Ledger ledger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, MovementWriter movements) {
        return new JdbcLedger(jdbc, transactionManager, movements);
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
    LedgerVerifier ledgerVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new LedgerVerifier(jdbc, transactionManager);
    }

    @Bean
    CprProtector cprProtector(CardofficeProperties properties) {
        return new CprProtector(properties.cprKey());
    }

    @Bean
    FileRegistry fileRegistry(JdbcTemplate jdbc) {
        return new FileRegistry(jdbc);
    }

    @Bean
    InboundFolders inboundFolders(HomeFolders home, Clock clock) {
        return new InboundFolders(home, clock);
    }

    @Bean
    MailOutbox mailOutbox(JdbcTemplate jdbc) {
        return new MailOutbox(jdbc);
    }

    /**
     * SMTP when {@code spring.mail.host} is set (Spring Boot then makes the {@link JavaMailSender}), otherwise .eml
     * files in outbox/mail/ (contract §9).
     */
    @Bean
    MailSender cardofficeMailSender(HomeFolders home, CardofficeProperties properties, Clock clock, ObjectProvider<JavaMailSender> smtp) {
        JavaMailSender server = smtp.getIfAvailable();
        return server instanceof JavaMailSenderImpl configured ? new SmtpMailSender(configured, properties.mail().from()) : new EmlFileMailSender(home.outbox("mail"), properties.mail().from(), clock);
    }

    @Bean
    MailDispatcher mailDispatcher(MailOutbox mailOutbox, MailSender mailSender, Clock clock, CardofficeProperties properties,
            dk.cardoffice.batch.launch.JobNodes jobNodes, PlatformTransactionManager transactionManager) {
        return new MailDispatcher(mailOutbox, mailSender, clock, properties.mail().retryAfter(), properties.mail().maxAttempts(),
                properties.mail().connections(), jobNodes, transactionManager);
    }

}
