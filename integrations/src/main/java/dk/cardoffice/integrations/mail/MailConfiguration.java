package dk.cardoffice.integrations.mail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.mail.MailDispatcher;

/** The background sender of the mail outbox (SMTP or .eml, whichever the MailSender is). */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    @Bean
    BackgroundMailSender backgroundMailSender(MailDispatcher dispatcher, CardofficeProperties properties) {
        return new BackgroundMailSender(dispatcher, properties.mail().poll());
    }
}
