package dk.cardoffice.ledger;

/** A posting names an account id the ledger does not have. */
public class UnknownAccountException extends IllegalArgumentException {

    public UnknownAccountException(long accountId) {
        super("no ledger account with id " + accountId);
    }
}
