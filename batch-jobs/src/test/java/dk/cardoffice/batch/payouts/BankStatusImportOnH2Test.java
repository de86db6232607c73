package dk.cardoffice.batch.payouts;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class BankStatusImportOnH2Test extends BankStatusImportFunctionalTests {
}
