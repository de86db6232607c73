package dk.cardoffice.batch.settlement;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class SettlementReconciliationOnH2Test extends SettlementReconciliationFunctionalTests {
}
