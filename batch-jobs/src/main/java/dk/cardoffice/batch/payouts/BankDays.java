package dk.cardoffice.batch.payouts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;

/**
 * The Danish banks' calendar: the days on which a credit transfer can be executed. The banks are closed on
 * Saturdays, Sundays and the banking holidays of Finans Danmark / Danmarks Nationalbank: New Year's Day, Maundy
 * Thursday, Good Friday, Easter Monday, Ascension Day and the Friday after it, Whit Monday, Constitution Day (5
 * June), Christmas Eve, Christmas Day, Boxing Day and New Year's Eve. Great Prayer Day (the 4th Friday after
 * Easter) was a banking holiday until 2023 and is an ordinary bank day from 2024 (abolished by law 2023).
 * No maintained holiday library is in the repository this project builds from, hence this small calendar.
 */
public final class BankDays {

    private static final Set<MonthDay> FIXED = Set.of(MonthDay.of(1, 1), MonthDay.of(6, 5), MonthDay.of(12, 24), MonthDay.of(12, 25),
            MonthDay.of(12, 26), MonthDay.of(12, 31));

    private BankDays() {
    }

    public static boolean isBankDay(LocalDate day) {
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY || FIXED.contains(MonthDay.from(day))) {
            return false;
        }
        LocalDate easter = easterSunday(day.getYear());
        long fromEaster = day.toEpochDay() - easter.toEpochDay();
        boolean greatPrayerDay = fromEaster == 26 && day.getYear() <= 2023;
        return !(fromEaster == -3 || fromEaster == -2 || fromEaster == 1 || greatPrayerDay || fromEaster == 39 || fromEaster == 40
                || fromEaster == 50);
    }

    /** The first bank day after {@code day} (a payout run at night asks for the next day the banks execute). */
    public static LocalDate nextBankDayAfter(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isBankDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }
}
