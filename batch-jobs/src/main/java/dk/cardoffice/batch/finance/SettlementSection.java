package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.support.StreamedQuery;
import dk.cardoffice.ledger.SystemAccount;

/**
 * The settlement lines reconciled that day (whatever settlement date they carry: a line's postings are booked when it is
 * reconciled, so these are the day's settlement movements). A file reconciled across midnight, or restarted the next
 * day, counts on each day for the lines reconciled on it:
 * <ol>
 *   <li>per file and payout what the acquirer says it paid — gross, fees, net — and how its lines matched;</li>
 *   <li>per file the acquirer's net against what the ledger's movements of that file booked that day put into the
 *   client-funds bank account (a line reported before is not booked again, so its net is the difference);</li>
 *   <li>every line of the day that was not a plain matched capture (all of them in the CSV; at most {@value #LINES_LISTED}
 *   in the XLSX, with a row saying how many more).</li>
 * </ol>
 */
final class SettlementSection {

    static final int LINES_LISTED = 10_000;

    private SettlementSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());

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
                where l.reconciled_at >= ? and l.reconciled_at < ?
                group by f.id, f.file_name, l.acquirer, l.settlement_date, l.payout_reference
                order by l.acquirer, f.file_name, f.id, l.payout_reference""", rs -> {
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
                where l.reconciled_at >= ? and l.reconciled_at < ?
                group by f.id, f.file_name, f.sha256 order by min(l.acquirer), f.file_name, f.id""", rs -> {
            files.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)});
        }, start, end);
        for (Object[] file : files) {
            // money into the bank: the bank is the debit side of a capture's movement and the credit side of a chargeback's
            Long toBank = jdbc.queryForObject("""
                    select coalesce(sum(case when debit_account_id = ? then amount when credit_account_id = ? then -amount else 0 end), 0)
                    from movement where business_key like ? and key_space in ('SETTLEMENT', 'CHARGEBACK', 'DEPOSIT_REFUND')
                      and booked_at >= ? and booked_at < ?""",
                    Long.class, bank, bank, file[1] + ":%", start, end);
            long difference = toBank - (Long) file[3];
            booked.row(file[0], file[2], file[3], toBank, difference, difference == 0 ? SummarySection.OK
                    : "DIFFERENCE: lines not booked (reported before) or booked differently; see the lines below");
        }

        long[] listed = {0};
        ReportTable lines = new ReportTable("Settlement exception lines " + day.date(), ReportTable.text("file"), ReportTable.count("line"),
                ReportTable.text("acquirer"), ReportTable.text("type"), ReportTable.text("order_id"), ReportTable.text("transaction_id"),
                ReportTable.amount("amount"), ReportTable.amount("fee"), ReportTable.text("outcome"), ReportTable.text("flags"),
                ReportTable.text("message"));
        exceptionLines(jdbc, start, end, row -> {
            if (++listed[0] <= LINES_LISTED) {
                lines.row(row.toArray());
            }
        });
        if (listed[0] > LINES_LISTED) {
            lines.row(null, null, null, null, null, null, null, null, null, null, (listed[0] - LINES_LISTED)
                    + " more lines not listed here: the CSV lists every one, the payouts above count them");
        }
        lines.everyRowFrom(csv -> exceptionLines(jdbc, start, end, csv)); // the CSV: every line, streamed
        return new ReportSection("settlement", "Settlement", List.of(payouts, booked, lines));
    }

    /** Every line of the day that was not a plain matched capture, in file and line order, fetched a page at a time. */
    private static void exceptionLines(JdbcTemplate jdbc, Timestamp start, Timestamp end, java.util.function.Consumer<List<Object>> line) {
        StreamedQuery.each(jdbc, 1000, """
                select f.file_name, l.line_no, l.acquirer, l.type, l.order_id, l.transaction_id, l.amount_ore, l.fee_ore, l.outcome, l.flags, l.message
                from settlement_line l join file_registry f on f.id = l.file_id
                where l.reconciled_at >= ? and l.reconciled_at < ?
                  and (l.outcome <> 'MATCHED' or l.type <> 'CAPTURE' or l.flags is not null)
                order by l.acquirer, f.file_name, f.id, l.line_no""", rs -> line.accept(java.util.Arrays.asList(rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11))), start, end);
    }
}
