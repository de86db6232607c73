package dk.cardoffice.app.portal;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class PortalGroupCommitOnH2Test extends PortalGroupCommitFunctionalTests {
}
