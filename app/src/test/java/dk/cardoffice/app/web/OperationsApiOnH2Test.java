package dk.cardoffice.app.web;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class OperationsApiOnH2Test extends OperationsApiFunctionalTests {
}
