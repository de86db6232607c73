package dk.cardoffice.batch.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The sale flags as rules, without a database. */
class SaleFlagsTest {

    private static final OffsetDateTime NOON = OffsetDateTime.parse("2026-11-20T12:00:00+01:00");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void theCardSaysUnknownOrBlockedAtTheMomentOfTheSale() {
        assertThat(SaleFlags.ofCard(null, NOON)).isEqualTo("UNKNOWN_CARD");
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, false, null, List.of()), NOON)).isNull();
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, true, NOON.minusMinutes(1), List.of()), NOON)).isEqualTo("BLOCKED_CARD");
        // blocked after the sale: the sale was fine
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, true, NOON.plusMinutes(1), List.of()), NOON)).isNull();
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, true, null, List.of()), NOON)).isEqualTo("BLOCKED_CARD");
        // a block that has ended: blocked inside its period only
        List<OffsetDateTime[]> ended = List.<OffsetDateTime[]>of(new OffsetDateTime[] {NOON.minusHours(1), NOON.plusHours(1)});
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, false, null, ended), NOON)).isEqualTo("BLOCKED_CARD");
        assertThat(SaleFlags.ofCard(new SaleFlags.Card(1, false, null, ended), NOON.plusHours(1))).isNull();
    }

    @Test
    void overdrawnIsJudgedAgainstTheRunningBalanceInFileOrder() {
        SaleFlags flags = new SaleFlags(Map.of(7L, 20_00L), Map.of(), Map.of());
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 15_00)).isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 10_00)).containsExactly("OVERDRAWN");
        assertThat(flags.judge(7, "SCHOOL", DAY, true, 10_00)).as("a refund is never flagged").isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 0)).as("a free item moves no money").isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 5_01)).containsExactly("OVERDRAWN");
    }

    @Test
    void theDailyLimitCountsTheDaysSpendBeforeAndRefundsLowerIt() {
        SaleFlags flags = new SaleFlags(Map.of(7L, 1_000_00L), Map.of("7:SCHOOL", 50_00L),
                Map.of(new SaleFlags.DayKey(7, DAY, "SCHOOL"), 40_00L));
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 10_00)).as("exactly the limit").isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 1)).containsExactly("OVER_DAILY_LIMIT");
        assertThat(flags.judge(7, "SCHOOL", DAY, true, 5_00)).isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY, false, 4_99)).isEmpty();
        assertThat(flags.judge(7, "CLUB", DAY, false, 900_00)).as("no limit set for clubs").isEmpty();
        assertThat(flags.judge(7, "SCHOOL", DAY.plusDays(1), false, 50_00)).as("a new day").isEmpty();
    }

    @Test
    void bothBalanceFlagsComeInTheirOrder() {
        SaleFlags flags = new SaleFlags(Map.of(7L, 10_00L), Map.of("7:CLUB", 5_00L), Map.of());
        assertThat(flags.judge(7, "CLUB", DAY, false, 12_00)).containsExactly("OVER_DAILY_LIMIT", "OVERDRAWN");
        assertThatThrownBy(() -> flags.judge(8, "CLUB", DAY, false, 1)).hasMessageContaining("no balance of account 8");
    }
}
