package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Withdrawals to parents' bank accounts: the pain.001 files made that day, and the day's withdrawals by what happened
 * to them — requested, sent to the bank, paid (the bank confirmed), returned (rejected by the bank or cancelled) —
 * and those still on their way at the end of the day, all from the movements and the files of the day.
 */
final class PayoutsSection {

    private PayoutsSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        ReportTable files = new ReportTable("Payout files " + day.date(), ReportTable.text("msg_id"), ReportTable.text("file"),
                ReportTable.date("execution_date"), ReportTable.count("transfers"), ReportTable.amount("amount"));
        jdbc.query("""
                select msg_id, file_name, execution_date, tx_count, ctrl_sum_ore from payout_file
                where created_at >= ? and created_at < ? order by id""", rs -> {
            files.row(rs.getString(1), rs.getString(2), rs.getObject(3, java.time.LocalDate.class), rs.getLong(4), rs.getLong(5));
        }, start, end);

        ReportTable withdrawals = new ReportTable("Withdrawals " + day.date(), ReportTable.text("what"), ReportTable.count("withdrawals"),
                ReportTable.amount("amount"));
        row(withdrawals, "Requested by parents", jdbc, "select count(*), coalesce(sum(amount), 0) from movement where key_space = 'WITHDRAWAL'"
                + " and booked_at >= ? and booked_at < ?", start, end);
        row(withdrawals, "Sent to the bank (in the day's payout files)", jdbc, "select coalesce(sum(tx_count), 0), coalesce(sum(ctrl_sum_ore), 0)"
                + " from payout_file where created_at >= ? and created_at < ?", start, end);
        row(withdrawals, "Paid (confirmed by the bank)", jdbc, "select count(*), coalesce(sum(amount), 0) from movement where key_space = 'PAYOUT'"
                + " and booked_at >= ? and booked_at < ?", start, end);
        row(withdrawals, "Rejected by the bank (money back with the member)", jdbc, """
                select count(*), coalesce(sum(m.amount), 0) from movement m join withdrawal w on w.request_id = m.business_key
                where m.key_space = 'WITHDRAWAL_REVERSAL' and w.status = 'REJECTED' and m.booked_at >= ? and m.booked_at < ?""", start, end);
        row(withdrawals, "Cancelled (money back with the member)", jdbc, """
                select count(*), coalesce(sum(m.amount), 0) from movement m join withdrawal w on w.request_id = m.business_key
                where m.key_space = 'WITHDRAWAL_REVERSAL' and w.status <> 'REJECTED' and m.booked_at >= ? and m.booked_at < ?""", start, end);
        row(withdrawals, "Still on the way at the end of the day (reserved, neither paid nor returned)", jdbc, """
                select count(*), coalesce(sum(w.amount), 0) from movement w
                where w.key_space = 'WITHDRAWAL' and w.booked_at < ?
                  and not exists (select 1 from movement d where d.key_space in ('PAYOUT', 'WITHDRAWAL_REVERSAL') and d.business_key = w.business_key
                                  and d.booked_at < ?)""", end, end);
        return new ReportSection("payouts", "Payouts", List.of(files, withdrawals));
    }

    private static void row(ReportTable table, String what, JdbcTemplate jdbc, String sql, Object... args) {
        jdbc.query(sql, rs -> {
            table.row(what, rs.getLong(1), rs.getLong(2));
        }, args);
    }
}
