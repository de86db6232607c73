package dk.cardoffice.batch.payouts;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class BankStatusImportOnPostgresTest extends BankStatusImportFunctionalTests {
}
