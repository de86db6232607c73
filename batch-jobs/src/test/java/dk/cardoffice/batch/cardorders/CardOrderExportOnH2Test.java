package dk.cardoffice.batch.cardorders;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class CardOrderExportOnH2Test extends CardOrderExportFunctionalTests {
}
