package dk.cardoffice.batch.statements;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class StatementsOnH2Test extends StatementsFunctionalTests {
}
