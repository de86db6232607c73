package dk.cardoffice.ledger;

/**
 * One leg of a transaction: a signed amount in øre on one account. Positive credits the account
 * (a member's balance grows), negative debits it. The legs of a transaction sum to zero.
 *
 * @param covered the account's balance must not be below zero after this posting (a withdrawal, a
 *                card fee); the ledger refuses the whole transaction otherwise. Offline terminal sales
 *                and chargebacks are not covered: they may overdraw and are flagged instead.
 */
public record Posting(long accountId, long amountOre, boolean covered) {

    public Posting {
        if (amountOre == 0) {
            throw new IllegalArgumentException("a posting of 0 øre moves nothing");
        }
    }

    public Posting(long accountId, long amountOre) {
        this(accountId, amountOre, false);
    }

    /** A debit the account's balance must cover. */
    public static Posting coveredDebit(long accountId, long amountOre) {
        return new Posting(accountId, -amountOre, true);
    }

    public static Posting credit(long accountId, long amountOre) {
        return new Posting(accountId, amountOre);
    }

    public static Posting debit(long accountId, long amountOre) {
        return new Posting(accountId, -amountOre);
    }
}
