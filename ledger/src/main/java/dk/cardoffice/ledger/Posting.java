package dk.cardoffice.ledger;

/**
 * One leg of a transaction: a signed amount in øre on one account. Positive credits the account
 * (a member's balance grows), negative debits it. The legs of a transaction sum to zero.
 */
public record Posting(long accountId, long amountOre) {

    public Posting {
        if (amountOre == 0) {
            throw new IllegalArgumentException("a posting of 0 øre moves nothing");
        }
    }

    public static Posting credit(long accountId, long amountOre) {
        return new Posting(accountId, amountOre);
    }

    public static Posting debit(long accountId, long amountOre) {
        return new Posting(accountId, -amountOre);
    }
}
