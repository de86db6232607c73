package dk.cardoffice.batch.enrolment;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class EnrolmentImportOnH2Test extends EnrolmentImportFunctionalTests {
}
