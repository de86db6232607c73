package dk.cardoffice.batch.settlement;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import dk.cardoffice.ledger.Money;

/**
 * What a settlement line is (contract §5), the rules only: no database. One instance judges one chunk's lines in
 * file order; it knows what was reported and captured before the chunk and keeps what the chunk itself reports,
 * captures and reverses.
 * <ul>
 * <li>an acquirer transaction reported before (an earlier file, or earlier in this one): DUPLICATE, nothing posted;</li>
 * <li>a CAPTURE of a recorded order of this acquirer: MATCHED or AMOUNT_MISMATCH (posted with the chunk's captures);
 * of an order settled before: DUPLICATE (the parent paid twice); of an order nobody recorded, or recorded for the
 * other acquirer: UNKNOWN_ORDER (both on the suspense account, their own transaction);</li>
 * <li>a REFUND or CHARGEBACK: MATCHED when what is left of the deposit covers it (taken from the member), AMOUNT_MISMATCH
 * when only part is left (the rest from suspense), DUPLICATE when nothing is left, UNKNOWN_ORDER without a deposit.</li>
 * </ul>
 */
final class SettlementOutcomes {

    /** A recorded deposit: the order's amount, its acquirer, and how much earlier refunds and chargebacks took back. */
    record Deposit(long id, long accountId, long amountOre, String acquirer, long reversedOre) {
    }

    /** How a line is posted. */
    enum Posting {
        /** not at all */
        NONE,
        /** with the chunk's other matched captures, in one SETTLEMENT: receivable → bank and fee expense */
        WITH_THE_CAPTURES,
        /** its own transaction (suspense, or the member for {@code fromMember} øre of a refund or chargeback) */
        OWN
    }

    /** @param deposit the deposit it settles or reverses (null: none of this acquirer); {@code fromMember}: what a reversal takes from it */
    record Decision(String outcome, String message, Posting posting, Deposit deposit, long fromMember) {
    }

    private final Map<String, Object> reported;
    private final Set<String> captured;
    private final LongFunction<String> accountNo;
    private final Map<Long, Long> reversedNow = new HashMap<>();

    /**
     * @param reportedBefore "acquirer:transaction id" → where it was reported before (words), for the chunk's transactions
     * @param capturedBefore the chunk's orders a capture settled before
     * @param accountNo      a member account's number, for the messages
     */
    SettlementOutcomes(Map<String, Object> reportedBefore, Set<String> capturedBefore, LongFunction<String> accountNo) {
        this.reported = new HashMap<>(reportedBefore);
        this.captured = new java.util.HashSet<>(capturedBefore);
        this.accountNo = accountNo;
    }

    /** The next line in file order, with the deposit recorded for its order (any acquirer), or null. */
    Decision judge(SettlementLine line, Deposit deposit) {
        Object before = reported.putIfAbsent(line.acquirer() + ":" + line.transactionId(), line);
        if (before != null) {
            return new Decision("DUPLICATE", line.acquirer() + " transaction " + line.transactionId() + " was reported before (" + where(before)
                    + "): not posted again", Posting.NONE, deposit, 0);
        }
        String otherAcquirer = deposit != null && !deposit.acquirer().equals(line.acquirer())
                ? "order " + line.orderId() + " was recorded as a " + deposit.acquirer() + " top-up, not " + line.acquirer() : null;
        if (otherAcquirer != null) {
            deposit = null;
        }
        String unknown = otherAcquirer != null ? otherAcquirer : "order " + line.orderId() + " was never recorded as a deposit";
        if (line.isCapture()) {
            if (!captured.add(line.orderId())) {
                return new Decision("DUPLICATE", "order " + line.orderId() + " was settled before; this second capture (" + line.transactionId()
                        + ") is on the suspense account until it is refunded", Posting.OWN, null, 0);
            }
            if (deposit == null) {
                return new Decision("UNKNOWN_ORDER", unknown + "; the money is on the suspense account until it is allocated or refunded", Posting.OWN,
                        null, 0);
            }
            if (line.amountOre() == deposit.amountOre()) {
                return new Decision("MATCHED", null, Posting.WITH_THE_CAPTURES, deposit, 0);
            }
            return new Decision("AMOUNT_MISMATCH", "settled " + Money.formatDkk(line.amountOre()) + " DKK, recorded " + Money.formatDkk(deposit.amountOre())
                    + " DKK: the difference " + Money.formatDkk(deposit.amountOre() - line.amountOre()) + " DKK stays on the acquirer's receivable",
                    Posting.WITH_THE_CAPTURES, deposit, 0);
        }
        String what = line.type().equals("CHARGEBACK") ? "chargeback" : "refund";
        if (deposit == null) {
            return new Decision("UNKNOWN_ORDER", unknown + "; the " + what + " is taken from the suspense account", Posting.OWN, null, 0);
        }
        long remaining = deposit.amountOre() - deposit.reversedOre() - reversedNow.getOrDefault(deposit.id(), 0L);
        long fromMember = Math.max(0, Math.min(remaining, line.amountOre()));
        reversedNow.merge(deposit.id(), fromMember, Long::sum);
        if (fromMember == line.amountOre()) {
            return new Decision("MATCHED", "the " + what + " of " + Money.formatDkk(line.amountOre()) + " DKK is taken back from account "
                    + accountNo.apply(deposit.accountId()), Posting.OWN, deposit, fromMember);
        }
        if (fromMember == 0) {
            return new Decision("DUPLICATE", "order " + line.orderId() + " was refunded or charged back in full before; this " + what
                    + " is taken from the suspense account, to be disputed with " + line.acquirer(), Posting.OWN, deposit, 0);
        }
        return new Decision("AMOUNT_MISMATCH", "the " + what + " of " + Money.formatDkk(line.amountOre()) + " DKK exceeds the " + Money.formatDkk(remaining)
                + " DKK left of the deposit: that much is taken back from the member, the rest from the suspense account", Posting.OWN, deposit,
                fromMember);
    }

    /** deposit id → what this chunk's refunds and chargebacks took back from it. */
    Map<Long, Long> reversedNow() {
        return reversedNow;
    }

    /** Where a transaction was reported before: a line of this chunk, or the words for one stored earlier. */
    private static String where(Object before) {
        return before instanceof SettlementLine l ? "payout " + l.payoutReference() + " line " + l.lineNo() : (String) before;
    }
}
