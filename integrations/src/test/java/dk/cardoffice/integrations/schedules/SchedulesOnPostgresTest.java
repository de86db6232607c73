package dk.cardoffice.integrations.schedules;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=POSTGRES")
class SchedulesOnPostgresTest extends SchedulesFunctionalTests {
}
