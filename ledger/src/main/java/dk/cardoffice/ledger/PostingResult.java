package dk.cardoffice.ledger;

import java.util.Map;

/** What became of a transaction handed to {@link Ledger#post}. */
public sealed interface PostingResult {

    /**
     * Posted now, with the id of the new transaction and the balances the posting left on the
     * accounts that keep one row (member accounts; not the sharded system accounts), read from the
     * balance update itself.
     */
    record Posted(long transactionId, Map<Long, Long> balancesAfter) implements PostingResult {

        /** The balance the posting left on this (unsharded) account. */
        public long balanceAfter(long accountId) {
            Long balance = balancesAfter.get(accountId);
            if (balance == null) {
                throw new IllegalArgumentException("the posting did not change the balance of account " + accountId);
            }
            return balance;
        }
    }

    /** The business key was posted before: nothing was posted now. */
    record Duplicate(TransactionType type, String businessKey) implements PostingResult {
    }

    default boolean isDuplicate() {
        return this instanceof Duplicate;
    }
}
