package dk.cardoffice.ledger;

/** What became of a transaction handed to {@link Ledger#post}. */
public sealed interface PostingResult {

    /** Posted now, with the id of the new transaction. */
    record Posted(long transactionId) implements PostingResult {
    }

    /** The business key was posted before: nothing was posted now. */
    record Duplicate(TransactionType type, String businessKey) implements PostingResult {
    }

    default boolean isDuplicate() {
        return this instanceof Duplicate;
    }
}
