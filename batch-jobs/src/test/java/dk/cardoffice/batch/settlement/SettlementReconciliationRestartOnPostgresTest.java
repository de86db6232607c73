package dk.cardoffice.batch.settlement;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class SettlementReconciliationRestartOnPostgresTest extends SettlementReconciliationRestartTests {
}
