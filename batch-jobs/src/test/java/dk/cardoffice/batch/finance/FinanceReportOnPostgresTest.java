package dk.cardoffice.batch.finance;

import org.springframework.test.context.TestPropertySource;

/** A context of its own (cardoffice.test.context): a fresh database whose every figure is this test's. */
@TestPropertySource(properties = {"cardoffice.test.database=POSTGRES", "cardoffice.test.context=finance"})
class FinanceReportOnPostgresTest extends FinanceReportFunctionalTests {
}
