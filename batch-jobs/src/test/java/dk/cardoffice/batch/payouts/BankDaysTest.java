package dk.cardoffice.batch.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The Danish banks' calendar, against days looked up in Danmarks Nationalbank's lists of bank holidays. */
class BankDaysTest {

    @Test
    void easterSundays() {
        assertThat(BankDays.easterSunday(2024)).isEqualTo("2024-03-31");
        assertThat(BankDays.easterSunday(2025)).isEqualTo("2025-04-20");
        assertThat(BankDays.easterSunday(2026)).isEqualTo("2026-04-05");
        assertThat(BankDays.easterSunday(2027)).isEqualTo("2027-03-28");
        assertThat(BankDays.easterSunday(2038)).isEqualTo("2038-04-25");
    }

    @Test
    void aWeekendIsSkipped() {
        assertThat(next("2026-12-04")).isEqualTo("2026-12-07"); // Friday → Monday
        assertThat(next("2026-12-05")).isEqualTo("2026-12-07"); // Saturday → Monday
        assertThat(next("2026-12-07")).isEqualTo("2026-12-08"); // an ordinary Monday → Tuesday
    }

    @Test
    void easterIsSkippedFromMaundyThursdayToEasterMonday() {
        assertThat(next("2026-04-01")).isEqualTo("2026-04-07"); // Wednesday before Easter → the Tuesday after Easter Monday
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-04-02"))).isFalse(); // Maundy Thursday
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-04-03"))).isFalse(); // Good Friday
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-04-06"))).isFalse(); // Easter Monday
    }

    @Test
    void ascensionAndTheFridayAfterItWhitMondayAndConstitutionDay() {
        assertThat(next("2026-05-13")).isEqualTo("2026-05-18"); // Ascension 14 May, bank holiday 15 May
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-05-25"))).isFalse(); // Whit Monday
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-06-05"))).isFalse(); // Constitution Day (a Friday)
        assertThat(next("2026-06-04")).isEqualTo("2026-06-08");
    }

    @Test
    void greatPrayerDayWasABankHolidayUntil2023Only() {
        assertThat(BankDays.isBankDay(LocalDate.parse("2023-05-05"))).isFalse();
        assertThat(BankDays.isBankDay(LocalDate.parse("2026-05-01"))).isTrue(); // 4th Friday after Easter 2026: an ordinary bank day
    }

    @Test
    void christmasAndNewYear() {
        assertThat(next("2026-12-23")).isEqualTo("2026-12-28"); // 24, 25, 26 (and the weekend) closed
        assertThat(next("2026-12-30")).isEqualTo("2027-01-04"); // 31 Dec, 1 Jan closed, then the weekend
        assertThat(next("2027-12-23")).isEqualTo("2027-12-27"); // 2027: 24 Friday, 25-26 weekend
        assertThat(BankDays.isBankDay(LocalDate.parse("2027-12-31"))).isFalse();
    }

    private static LocalDate next(String day) {
        return BankDays.nextBankDayAfter(LocalDate.parse(day));
    }
}
