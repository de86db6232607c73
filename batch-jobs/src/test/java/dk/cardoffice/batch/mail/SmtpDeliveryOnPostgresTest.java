package dk.cardoffice.batch.mail;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class SmtpDeliveryOnPostgresTest extends SmtpDeliveryFunctionalTests {
}
