package dk.cardoffice.ledger;

import java.util.List;

/**
 * The double-entry ledger: the one narrow way money moves in cardoffice. Every pipeline and the
 * portal API post through it; nothing else writes postings or balances.
 *
 * <p>Posting joins the caller's database transaction when there is one (a batch chunk, an API call)
 * and otherwise runs in its own. Balances are updated in the same transaction as the postings.
 */
public interface Ledger {

    /**
     * Posts one transaction. A business key posted before is detected by the database's unique
     * constraint and answered with {@link PostingResult.Duplicate}: nothing is posted twice.
     *
     * @throws UnknownAccountException when a posting names an account that does not exist
     */
    PostingResult post(LedgerTransaction transaction);

    /** Posts several transactions in the caller's transaction; one result per transaction, in order. */
    List<PostingResult> postAll(List<LedgerTransaction> transactions);

    /** The current balance of an account in øre. */
    long balance(long accountId);
}
