package dk.cardoffice.batch.statements;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class StatementsOnPostgresTest extends StatementsFunctionalTests {
}
