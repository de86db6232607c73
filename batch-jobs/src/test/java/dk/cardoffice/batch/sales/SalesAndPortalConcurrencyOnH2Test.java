package dk.cardoffice.batch.sales;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class SalesAndPortalConcurrencyOnH2Test extends SalesAndPortalConcurrencyTests {
}
