package dk.cardoffice.batch.sales;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class SalesAndPortalConcurrencyOnPostgresTest extends SalesAndPortalConcurrencyTests {
}
