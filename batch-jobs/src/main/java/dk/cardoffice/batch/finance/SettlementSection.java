package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.SystemAccount;

/**
 * The acquirers' settlement files reconciled that day (whatever settlement date they carry: their postings are booked
 * when they are reconciled, so these are the day's settlement movements):
 * <ol>
 *   <li>per file and payout what the acquirer says it paid — gross, fees, net — and how its lines matched, from the
 *   file's lines as stored;</li>
 *   <li>per file the acquirer's net against what the ledger's movements of that file put into the client-funds bank
 *   account (a line reported before is not booked again, so its net is the difference);</li>
 *   <li>every line of those files that was not a plain matched capture.</li>
 * </ol>
 */
final class SettlementSection {

    private SettlementSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        String ofTheDay = "select file_sha256 from settlement_batch where created_at >= ? and created_at < ?";

        ReportTable payouts = new ReportTable("Settlement payouts " + day.date(), ReportTable.text("file"), ReportTable.text("acquirer"),
                ReportTable.date("settlement_date"), ReportTable.text("payout_reference"), ReportTable.count("lines"), ReportTable.amount("gross"),
                ReportTable.amount("fees"), ReportTable.amount("net"), ReportTable.count("matched"), ReportTable.count("amount_mismatch"),
                ReportTable.count("unknown_order"), ReportTable.count("duplicate"));
        jdbc.query("""
                select f.file_name, l.acquirer, l.settlement_date, l.payout_reference, count(*),
                       sum(case when l.type = 'CAPTURE' then l.amount_ore else -l.amount_ore end), sum(l.fee_ore),
                       sum(case when l.outcome = 'MATCHED' then 1 else 0 end), sum(case when l.outcome = 'AMOUNT_MISMATCH' then 1 else 0 end),
                       sum(case when l.outcome = 'UNKNOWN_ORDER' then 1 else 0 end), sum(case when l.outcome = 'DUPLICATE' then 1 else 0 end)
                from settlement_line l join file_registry f on f.id = l.file_id
                where f.sha256 in (""" + ofTheDay + """
                )
                group by f.file_name, l.acquirer, l.settlement_date, l.payout_reference
                order by l.acquirer, f.file_name, l.payout_reference""", rs -> {
            long gross = rs.getLong(6);
            long fees = rs.getLong(7);
            payouts.row(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4), rs.getLong(5), gross, fees, gross - fees,
                    rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
        }, start, end);

        ReportTable booked = new ReportTable("Settlement files against the ledger " + day.date(), ReportTable.text("file"),
                ReportTable.text("acquirer"), ReportTable.amount("net_per_acquirer"), ReportTable.amount("booked_to_bank"),
                ReportTable.amount("difference"), ReportTable.text("status"));
        long bank = jdbc.queryForObject("select id from account where account_no = ?", Long.class, SystemAccount.CLIENT_FUNDS_BANK.accountNo());
        List<Object[]> files = new ArrayList<>();
        jdbc.query("""
                select f.file_name, f.sha256, min(l.acquirer), sum(case when l.type = 'CAPTURE' then l.amount_ore else -l.amount_ore end) - sum(l.fee_ore)
                from settlement_line l join file_registry f on f.id = l.file_id
                where f.sha256 in (""" + ofTheDay + """
                )
                group by f.file_name, f.sha256 order by min(l.acquirer), f.file_name""", rs -> {
            files.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)});
        }, start, end);
        for (Object[] file : files) {
            // money into the bank: the bank is the debit side of a capture's movement and the credit side of a chargeback's
            Long toBank = jdbc.queryForObject("""
                    select coalesce(sum(case when debit_account_id = ? then amount when credit_account_id = ? then -amount else 0 end), 0)
                    from movement where business_key like ? and key_space in ('SETTLEMENT', 'CHARGEBACK', 'DEPOSIT_REFUND')""",
                    Long.class, bank, bank, file[1] + ":%");
            long difference = toBank - (Long) file[3];
            booked.row(file[0], file[2], file[3], toBank, difference, difference == 0 ? SummarySection.OK
                    : "DIFFERENCE: lines not booked (reported before) or booked differently; see the lines below");
        }

        ReportTable lines = new ReportTable("Settlement exception lines " + day.date(), ReportTable.text("file"), ReportTable.count("line"),
                ReportTable.text("acquirer"), ReportTable.text("type"), ReportTable.text("order_id"), ReportTable.text("transaction_id"),
                ReportTable.amount("amount"), ReportTable.amount("fee"), ReportTable.text("outcome"), ReportTable.text("flags"),
                ReportTable.text("message"));
        jdbc.query("""
                select f.file_name, l.line_no, l.acquirer, l.type, l.order_id, l.transaction_id, l.amount_ore, l.fee_ore, l.outcome, l.flags, l.message
                from settlement_line l join file_registry f on f.id = l.file_id
                where f.sha256 in (""" + ofTheDay + """
                )
                  and (l.outcome <> 'MATCHED' or l.type <> 'CAPTURE' or l.flags is not null)
                order by l.acquirer, f.file_name, l.line_no""", rs -> {
            lines.row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8),
                    rs.getString(9), rs.getString(10), rs.getString(11));
        }, start, end);
        return new ReportSection("settlement", "Settlement", List.of(payouts, booked, lines));
    }
}
