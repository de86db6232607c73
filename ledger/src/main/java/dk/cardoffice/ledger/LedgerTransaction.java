package dk.cardoffice.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A balanced set of postings with a type and a business key that is unique per type.
 * The constructor refuses anything that does not sum to zero, so an unbalanced transaction
 * cannot even be handed to the ledger.
 *
 * @param referenceId the transaction this one corrects or moves (suspense transfer, reversal), or null
 */
public record LedgerTransaction(TransactionType type, String businessKey, Instant bookedAt,
        String description, Long referenceId, List<Posting> postings) {

    public LedgerTransaction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bookedAt, "bookedAt");
        if (businessKey == null || businessKey.isBlank() || businessKey.length() > 120) {
            throw new IllegalArgumentException("business key must be 1-120 characters");
        }
        postings = List.copyOf(postings);
        if (postings.size() < 2) {
            throw new UnbalancedTransactionException(type + " " + businessKey + " has fewer than two postings");
        }
        long sum = 0;
        for (Posting p : postings) {
            sum = Math.addExact(sum, p.amountOre());
        }
        if (sum != 0) {
            throw new UnbalancedTransactionException(type + " " + businessKey + " does not balance: postings sum to " + sum + " øre");
        }
    }

    /** One amount moved from an account whose balance must cover it (withdrawal, card fee). */
    public static LedgerTransaction coveredTransfer(TransactionType type, String businessKey, Instant bookedAt,
            String description, long fromAccountId, long toAccountId, long amountOre) {
        if (amountOre <= 0) {
            throw new IllegalArgumentException("a transfer moves a positive amount, not " + amountOre + " øre");
        }
        return new LedgerTransaction(type, businessKey, bookedAt, description, null,
                List.of(Posting.coveredDebit(fromAccountId, amountOre), Posting.credit(toAccountId, amountOre)));
    }

    /** The common case: one amount moved from one account to another. */
    public static LedgerTransaction transfer(TransactionType type, String businessKey, Instant bookedAt,
            String description, long fromAccountId, long toAccountId, long amountOre) {
        if (amountOre <= 0) {
            throw new IllegalArgumentException("a transfer moves a positive amount, not " + amountOre + " øre");
        }
        return new LedgerTransaction(type, businessKey, bookedAt, description, null,
                List.of(Posting.debit(fromAccountId, amountOre), Posting.credit(toAccountId, amountOre)));
    }
}
