package dk.cardoffice.batch.statements;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class StatementsOverSmtpOnH2Test extends StatementsOverSmtpTests {
}
