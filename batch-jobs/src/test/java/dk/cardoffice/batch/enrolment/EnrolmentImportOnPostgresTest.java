package dk.cardoffice.batch.enrolment;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class EnrolmentImportOnPostgresTest extends EnrolmentImportFunctionalTests {
}
