package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acquirers' settlement files reconciled that day (whatever settlement date they carry: their postings are booked
 * when they are reconciled, so these are the day's settlement movements): per file and payout what the acquirer says
 * it paid (gross, fees, net) against what the ledger booked to the bank, the matched count and the exceptions; then
 * every line of those files that was not a plain matched capture.
 */
final class SettlementSection {

    private SettlementSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        ReportTable payouts = new ReportTable("Settlement payouts " + day.date(), ReportTable.text("file"), ReportTable.text("acquirer"),
                ReportTable.date("settlement_date"), ReportTable.text("payout_reference"), ReportTable.count("lines"), ReportTable.amount("gross"), ReportTable.amount("fees"),
                ReportTable.amount("net"), ReportTable.amount("booked_to_bank"), ReportTable.count("matched"), ReportTable.count("amount_mismatch"),
                ReportTable.count("unknown_order"), ReportTable.count("duplicate"));
        jdbc.query("""
                select file_name, acquirer, settlement_date, payout_reference, line_count, gross_ore, fee_ore, net_ore, posted_net_ore, matched,
                       amount_mismatch, unknown_order, duplicate
                from settlement_batch where created_at >= ? and created_at < ? order by acquirer, file_name, payout_reference""", rs -> {
            payouts.row(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13));
        }, start, end);

        ReportTable lines = new ReportTable("Settlement exception lines " + day.date(), ReportTable.text("file"), ReportTable.count("line"),
                ReportTable.text("acquirer"), ReportTable.text("type"), ReportTable.text("order_id"), ReportTable.text("transaction_id"),
                ReportTable.amount("amount"), ReportTable.amount("fee"), ReportTable.text("outcome"), ReportTable.text("flags"),
                ReportTable.text("message"));
        jdbc.query("""
                select f.file_name, l.line_no, l.acquirer, l.type, l.order_id, l.transaction_id, l.amount_ore, l.fee_ore, l.outcome, l.flags, l.message
                from settlement_line l join file_registry f on f.id = l.file_id
                where f.sha256 in (select file_sha256 from settlement_batch where created_at >= ? and created_at < ?)
                  and (l.outcome <> 'MATCHED' or l.type <> 'CAPTURE' or l.flags is not null)
                order by l.acquirer, f.file_name, l.line_no""", rs -> {
            lines.row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8),
                    rs.getString(9), rs.getString(10), rs.getString(11));
        }, start, end);
        return new ReportSection("settlement", "Settlement", List.of(payouts, lines));
    }
}
