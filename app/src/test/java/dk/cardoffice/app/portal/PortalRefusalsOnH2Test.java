package dk.cardoffice.app.portal;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class PortalRefusalsOnH2Test extends PortalRefusalsFunctionalTests {
}
