package dk.cardoffice.batch.cardorders;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class CardOrderExportOnPostgresTest extends CardOrderExportFunctionalTests {
}
