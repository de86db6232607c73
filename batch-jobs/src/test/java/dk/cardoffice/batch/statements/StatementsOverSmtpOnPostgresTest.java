package dk.cardoffice.batch.statements;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class StatementsOverSmtpOnPostgresTest extends StatementsOverSmtpTests {
}
