package dk.cardoffice.integrations.schedules;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cardoffice.test.database=H2")
class SchedulesOnH2Test extends SchedulesFunctionalTests {
}
