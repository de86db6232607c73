package dk.cardoffice.ledger;

/**
 * A covered debit the account's balance does not cover. The whole transaction is refused; the
 * caller's database transaction must be rolled back (the ledger has written part of it).
 */
public class InsufficientFundsException extends RuntimeException {

    private final long accountId;
    private final long balanceOre;
    private final long requestedOre;

    public InsufficientFundsException(long accountId, long balanceOre, long requestedOre) {
        super("the balance " + Money.formatDkk(balanceOre) + " DKK does not cover " + Money.formatDkk(requestedOre) + " DKK");
        this.accountId = accountId;
        this.balanceOre = balanceOre;
        this.requestedOre = requestedOre;
    }

    public long accountId() {
        return accountId;
    }

    public long balanceOre() {
        return balanceOre;
    }

    public long requestedOre() {
        return requestedOre;
    }
}
