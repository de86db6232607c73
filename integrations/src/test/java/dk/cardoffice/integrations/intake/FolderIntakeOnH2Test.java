package dk.cardoffice.integrations.intake;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class FolderIntakeOnH2Test extends FolderIntakeFunctionalTests {
}
