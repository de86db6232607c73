package dk.cardoffice.ledger;

/** A transaction whose postings do not sum to zero (or that has fewer than two). Never posted. */
public class UnbalancedTransactionException extends IllegalArgumentException {

    public UnbalancedTransactionException(String message) {
        super(message);
    }
}
