package dk.cardoffice.batch.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dk.cardoffice.batch.settlement.SettlementOutcomes.Decision;
import dk.cardoffice.batch.settlement.SettlementOutcomes.Deposit;
import dk.cardoffice.batch.settlement.SettlementOutcomes.Posting;

/** The settlement outcomes as rules, without a database. */
class SettlementOutcomesTest {

    private static final Deposit NETS_100 = new Deposit(1, 42, 100_00, "NETS", 0);
    private int lineNo = 1;

    private SettlementLine line(String type, String transactionId, String orderId, long amountOre) {
        return new SettlementLine(++lineNo, "NETS", LocalDate.of(2026, 11, 23), "P-1", transactionId, orderId, Instant.parse("2026-11-20T15:04:00Z"),
                "DANKORT", type, amountOre, 70, List.of());
    }

    private static SettlementOutcomes outcomes() {
        return new SettlementOutcomes(Map.of(), Set.of(), id -> "1000" + id);
    }

    @Test
    void aCaptureMatchesItsDepositOrNot() {
        SettlementOutcomes o = outcomes();
        assertThat(o.judge(line("CAPTURE", "T1", "O1", 100_00), NETS_100)).extracting(Decision::outcome, Decision::posting)
                .containsExactly("MATCHED", Posting.WITH_THE_CAPTURES);
        Decision less = outcomes().judge(line("CAPTURE", "T1", "O1", 99_00), NETS_100);
        assertThat(less.outcome()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(less.message()).contains("the difference 1.00 DKK stays on the acquirer's receivable");
        assertThat(less.posting()).isEqualTo(Posting.WITH_THE_CAPTURES);
    }

    @Test
    void aCaptureOfAnOrderNobodyRecordedOrRecordedForTheOtherAcquirerIsUnknown() {
        Decision none = outcomes().judge(line("CAPTURE", "T1", "O9", 100_00), null);
        assertThat(none).extracting(Decision::outcome, Decision::posting, Decision::deposit).containsExactly("UNKNOWN_ORDER", Posting.OWN, null);
        Decision other = outcomes().judge(line("CAPTURE", "T1", "O1", 100_00), new Deposit(1, 42, 100_00, "WORLDLINE", 0));
        assertThat(other.outcome()).isEqualTo("UNKNOWN_ORDER");
        assertThat(other.message()).startsWith("order O1 was recorded as a WORLDLINE top-up, not NETS");
    }

    @Test
    void theSameTransactionTwiceOrASecondCaptureOfAnOrderIsADuplicate() {
        SettlementOutcomes o = outcomes();
        o.judge(line("CAPTURE", "T1", "O1", 100_00), NETS_100);
        assertThat(o.judge(line("CAPTURE", "T1", "O1", 100_00), NETS_100)).extracting(Decision::outcome, Decision::posting)
                .containsExactly("DUPLICATE", Posting.NONE);
        Decision paidTwice = o.judge(line("CAPTURE", "T2", "O1", 100_00), NETS_100);
        assertThat(paidTwice).extracting(Decision::outcome, Decision::posting).containsExactly("DUPLICATE", Posting.OWN);
        assertThat(paidTwice.message()).contains("on the suspense account until it is refunded");

        SettlementOutcomes later = new SettlementOutcomes(Map.of("NETS:T1", "payout P-0 line 7"), Set.of("O1"), id -> "x");
        assertThat(later.judge(line("CAPTURE", "T1", "O1", 100_00), NETS_100).message()).contains("reported before (payout P-0 line 7)");
        assertThat(later.judge(line("CAPTURE", "T5", "O1", 100_00), NETS_100).outcome()).isEqualTo("DUPLICATE");
    }

    @Test
    void refundsAndChargebacksTakeWhatIsLeftOfTheDepositFromTheMemberAndTheRestFromSuspense() {
        SettlementOutcomes o = outcomes();
        Decision part = o.judge(line("REFUND", "R1", "O1", 30_00), new Deposit(1, 42, 100_00, "NETS", 50_00));
        assertThat(part).extracting(Decision::outcome, Decision::fromMember).containsExactly("MATCHED", 30_00L);
        assertThat(part.message()).isEqualTo("the refund of 30.00 DKK is taken back from account 100042");
        Decision over = o.judge(line("CHARGEBACK", "C1", "O1", 40_00), new Deposit(1, 42, 100_00, "NETS", 50_00));
        assertThat(over).extracting(Decision::outcome, Decision::fromMember).containsExactly("AMOUNT_MISMATCH", 20_00L);
        Decision nothingLeft = o.judge(line("CHARGEBACK", "C2", "O1", 10_00), new Deposit(1, 42, 100_00, "NETS", 50_00));
        assertThat(nothingLeft).extracting(Decision::outcome, Decision::fromMember, Decision::posting).containsExactly("DUPLICATE", 0L, Posting.OWN);
        assertThat(o.reversedNow()).containsExactly(Map.entry(1L, 50_00L));
        assertThat(outcomes().judge(line("REFUND", "R9", "O9", 10_00), null).outcome()).isEqualTo("UNKNOWN_ORDER");
    }
}
