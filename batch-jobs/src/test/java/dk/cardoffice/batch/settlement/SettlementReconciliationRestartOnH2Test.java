package dk.cardoffice.batch.settlement;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class SettlementReconciliationRestartOnH2Test extends SettlementReconciliationRestartTests {
}
