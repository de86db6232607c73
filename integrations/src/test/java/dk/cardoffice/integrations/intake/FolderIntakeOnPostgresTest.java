package dk.cardoffice.integrations.intake;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class FolderIntakeOnPostgresTest extends FolderIntakeFunctionalTests {
}
