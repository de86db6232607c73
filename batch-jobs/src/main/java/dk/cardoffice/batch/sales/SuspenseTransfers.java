package dk.cardoffice.batch.sales;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Posting;
import dk.cardoffice.ledger.PostingResult;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.card.CardNumbers;
import dk.cardoffice.ledger.portal.PortalRefusal;

/**
 * An operator moves a sale that went to the suspense account (UNKNOWN_CARD) to the account of the
 * card it really was (contract §4): a new balanced SUSPENSE_TRANSFER transaction that refers to the
 * original, keyed by it, so a sale is moved once. The original stays as it was (the ledger is
 * append-only); its UNKNOWN_CARD flag is marked resolved with who moved it where. Runs in the
 * caller's transaction.
 */
public class SuspenseTransfers {

    public record Moved(long saleTransactionId, long transferTransactionId, String cardNumber, String accountNo, long amountOre) {
    }

    public record OpenFlag(long transactionId, String flag, String terminalId, String saleId, String type, String cardNumber, long amountOre,
            Instant soldAt) {
    }

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;

    public SuspenseTransfers(JdbcTemplate jdbc, Ledger ledger, Accounts accounts) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
    }

    public Moved move(long saleTransactionId, String cardNumber, String operator, Instant now) {
        long suspense = accounts.systemAccountId(SystemAccount.SUSPENSE);
        List<Map<String, Object>> sales = jdbc.queryForList("""
                select s.type, s.amount_ore, s.terminal_id, s.sale_id from sale s where s.transaction_id = ? and s.account_id = ?""",
                saleTransactionId, suspense);
        if (sales.isEmpty()) {
            throw PortalRefusal.notFound("no sale " + saleTransactionId + " stands on the suspense account");
        }
        String normalised = CardNumbers.normalise(cardNumber == null ? "" : cardNumber);
        List<Map<String, Object>> cards = jdbc.queryForList("""
                select c.account_id, a.account_no from card c join account a on a.id = c.account_id where c.card_number = ?""", normalised);
        if (cards.isEmpty()) {
            throw PortalRefusal.unprocessable("cardNumber", "there is no card " + normalised);
        }
        Map<String, Object> sale = sales.get(0);
        long amount = ((Number) sale.get("amount_ore")).longValue();
        long member = ((Number) cards.get(0).get("account_id")).longValue();
        String accountNo = (String) cards.get(0).get("account_no");
        if (amount == 0) {
            throw PortalRefusal.unprocessable("saleTransactionId", "the sale moved no money; there is nothing to move");
        }
        // the member now pays the sale (or gets the refund) instead of the suspense account
        boolean refund = "REFUND".equals(sale.get("type"));
        long memberAmount = refund ? amount : -amount;
        PostingResult result = ledger.post(new LedgerTransaction(TransactionType.SUSPENSE_TRANSFER, Long.toString(saleTransactionId), now,
                "Flyttet fra mellemregning: " + sale.get("terminal_id") + " salg " + sale.get("sale_id"), saleTransactionId,
                List.of(new Posting(member, memberAmount, false), new Posting(suspense, -memberAmount, false))));
        if (!(result instanceof PostingResult.Posted posted)) {
            throw PortalRefusal.unprocessable("saleTransactionId", "sale " + saleTransactionId + " was moved before");
        }
        jdbc.update("""
                update sale_flag set resolved_at = ?, resolution = ? where transaction_id = ? and flag = 'UNKNOWN_CARD' and resolved_at is null""",
                Timestamp.from(now), truncate("moved to account " + accountNo + " (card " + normalised + ") by " + operator), saleTransactionId);
        return new Moved(saleTransactionId, posted.transactionId(), normalised, accountNo, amount);
    }

    /** The flags finance has not seen resolved, oldest sale first (at most {@code limit}). */
    public List<OpenFlag> openFlags(int limit) {
        return jdbc.query("""
                select f.transaction_id, f.flag, s.terminal_id, s.sale_id, s.type, s.card_number, s.amount_ore, s.sold_at
                from sale_flag f join sale s on s.transaction_id = f.transaction_id
                where f.resolved_at is null order by s.sold_at, f.transaction_id fetch first ? rows only""",
                (rs, i) -> new OpenFlag(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getLong(7), rs.getTimestamp(8).toInstant()), limit);
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
