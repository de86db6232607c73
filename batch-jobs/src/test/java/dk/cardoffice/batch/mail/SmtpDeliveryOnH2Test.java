package dk.cardoffice.batch.mail;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class SmtpDeliveryOnH2Test extends SmtpDeliveryFunctionalTests {
}
