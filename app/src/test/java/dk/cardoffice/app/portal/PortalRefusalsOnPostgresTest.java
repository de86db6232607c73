package dk.cardoffice.app.portal;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class PortalRefusalsOnPostgresTest extends PortalRefusalsFunctionalTests {
}
