package dk.cardoffice.batch.settlement;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Money;

/** What reconciliation found, for finance and operators: the payouts, and everything that did not simply match. */
public class SettlementResults {

    /** One payout of a settlement file; amounts in DKK with two decimals. */
    public record Payout(String fileName, String acquirer, LocalDate settlementDate, String payoutReference, int lines, String gross, String fees,
            String net, String postedNet, int matched, int amountMismatch, int unknownOrder, int duplicate) {
    }

    /** A line that was not a plain match (or a refund or chargeback), or a deposit still unsettled. */
    public record Finding(String kind, String outcome, String acquirer, String orderId, String transactionId, String type, String amount,
            String fileName, Integer line, String flags, String message, OffsetDateTime recordedAt) {
    }

    private final JdbcTemplate jdbc;

    public SettlementResults(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Payout> payouts(int limit) {
        return jdbc.query("""
                select file_name, acquirer, settlement_date, payout_reference, line_count, gross_ore, fee_ore, net_ore, posted_net_ore,
                       matched, amount_mismatch, unknown_order, duplicate
                from settlement_batch order by settlement_date desc, acquirer, payout_reference limit ?""",
                (rs, i) -> new Payout(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4), rs.getInt(5),
                        Money.formatDkk(rs.getLong(6)), Money.formatDkk(rs.getLong(7)), Money.formatDkk(rs.getLong(8)), Money.formatDkk(rs.getLong(9)),
                        rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13)), limit);
    }

    /** Lines for finance to look at (newest file first), then the unsettled deposits (oldest first). */
    public List<Finding> exceptions(int limit) {
        List<Finding> found = new java.util.ArrayList<Finding>(jdbc.query("""
                select l.outcome, l.acquirer, l.order_id, l.transaction_id, l.type, l.amount_ore, f.file_name, l.line_no, l.flags, l.message
                from settlement_line l join file_registry f on f.id = l.file_id
                where l.outcome <> 'MATCHED' or l.type <> 'CAPTURE'
                order by l.settlement_date desc, f.file_name, l.line_no limit ?""",
                (rs, i) -> new Finding("SETTLEMENT_LINE", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Money.formatDkk(rs.getLong(6)), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), null), limit));
        found.addAll(jdbc.query("""
                select d.acquirer, d.order_id, d.transaction_id, d.amount_ore, d.created_at
                from deposit_settlement_status s join deposit d on d.id = s.deposit_id where s.status = 'UNSETTLED'
                order by d.created_at limit ?""",
                (rs, i) -> new Finding("DEPOSIT", "UNSETTLED", rs.getString(1), rs.getString(2), rs.getString(3), "DEPOSIT",
                        Money.formatDkk(rs.getLong(4)), null, null, null, "recorded but in no settlement file yet", rs.getObject(5, OffsetDateTime.class)),
                limit));
        return found;
    }
}
