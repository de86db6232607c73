package dk.cardoffice.app.web;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class OperationsApiOnPostgresTest extends OperationsApiFunctionalTests {
}
