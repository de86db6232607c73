package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dk.cardoffice.batch.statements.GuardiansWithoutEmail;
import dk.cardoffice.batch.support.StreamedQuery;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.SystemAccount;

/**
 * Everything that needs a person, as it stood at the end of the day: the day's flagged sales, and earlier sales on an
 * unknown card still open (their money waits on the suspense account for a person to move it); the suspense balance
 * and the day's suspense movements; overdrawn member accounts; deposits no settlement had explained by the end of the
 * day; payouts the bank rejected that day; guardians who could not be sent the day's statement; and movements booked
 * on the day but recorded after it ended (they make a re-run of the report differ).
 *
 * <p>The other flags (blocked card, over the daily limit, overdrawn) record what a terminal did while offline: nothing
 * can be undone, so they are listed on their day only, and an account still below zero stays on the list as
 * OVERDRAWN_ACCOUNT until it is not. The CSV lists every row, streamed from the database; the XLSX sheet lists at most
 * {@value #LISTED} rows of a category and then says how many more there are, so the workbook stays a workbook however
 * long an exception stays open. A second table counts and sums every row of each category.
 */
final class ExceptionsSection {

    /** Rows of a category listed in the XLSX at most (the CSV has them all). */
    static final int LISTED = 10_000;

    private static final int PAGE = 1000;

    private ExceptionsSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day, LedgerBalances atEnd) {
        ExceptionRows rows = new ExceptionRows(day);
        each(jdbc, day, atEnd, rows::add);
        // the CSV has every row: the same queries again, in the same snapshot, streamed straight into the file
        ReportTable listed = rows.listed().everyRowFrom(csv -> each(jdbc, day, atEnd,
                (category, reference, bookedAt, accountNo, holder, amount, detail) -> csv.accept(java.util.Arrays.asList(category, reference,
                        bookedAt, accountNo, holder, amount, detail))));
        return new ReportSection("exceptions", "Exceptions", List.of(listed, rows.totals()));
    }

    /** Where the exceptions go, one row at a time. */
    private interface Sink {
        void add(String category, String reference, String bookedAt, String accountNo, String holder, Long amount, String detail);
    }

    /** Every exception of the day, category by category, each in its order. */
    private static void each(JdbcTemplate jdbc, ReportDay day, LedgerBalances atEnd, Sink rows) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());

        RowCallbackHandler flagged = rs -> {
            OffsetDateTime resolved = rs.getObject(5, OffsetDateTime.class);
            boolean open = resolved == null || !resolved.toInstant().isBefore(day.end());
            rows.add("FLAGGED_" + rs.getString(8) + "_" + rs.getString(1), rs.getString(2), time(rs.getObject(3, OffsetDateTime.class)), rs.getString(4),
                    null, rs.getLong(7), open ? "open at the end of the day" : "resolved " + time(resolved) + ": " + rs.getString(6));
        };
        String flags = """
                select f.flag, m.business_key, m.booked_at, a.account_no, f.resolved_at, f.resolution, m.amount, m.type
                from sale_flag f join movement m on m.id = f.transaction_id
                left join account a on a.id = case when m.type = 'SALE' then m.debit_account_id else m.credit_account_id end
                """;
        StreamedQuery.each(jdbc, PAGE, flags + "where m.booked_at >= ? and m.booked_at < ? order by m.booked_at, m.id, f.flag", flagged, start, end);
        StreamedQuery.each(jdbc, PAGE, flags + """
                where f.flag = 'UNKNOWN_CARD' and m.booked_at < ? and (f.resolved_at is null or f.resolved_at >= ?)
                order by m.booked_at, m.id""", flagged, start, end);

        long suspense = atEnd.ofOwn(SystemAccount.SUSPENSE.accountNo());
        rows.add("SUSPENSE_BALANCE", SystemAccount.SUSPENSE.accountNo(), null, SystemAccount.SUSPENSE.accountNo(), null, suspense,
                "money on the suspense account at the end of the day");
        long suspenseId = jdbc.queryForObject("select id from account where account_no = ?", Long.class, SystemAccount.SUSPENSE.accountNo());
        StreamedQuery.each(jdbc, PAGE, """
                select type, business_key, booked_at, case when debit_account_id = ? then -amount else amount end, description from movement
                where (debit_account_id = ? or credit_account_id = ?) and booked_at >= ? and booked_at < ?
                order by booked_at, id""", rs -> {
            rows.add("SUSPENSE_ITEM", rs.getString(1) + " " + rs.getString(2), time(rs.getObject(3, OffsetDateTime.class)),
                    SystemAccount.SUSPENSE.accountNo(), null, rs.getLong(4), rs.getString(5));
        }, suspenseId, suspenseId, suspenseId, start, end);

        Map<Long, Long> overdrawn = atEnd.overdrawnMembers();
        if (!overdrawn.isEmpty()) {
            StreamedQuery.each(jdbc, PAGE, """
                    select a.id, a.account_no, m.first_name || ' ' || m.last_name from account a join member m on m.id = a.member_id
                    where a.id = any(?) order by a.account_no""", rs -> {
                rows.add("OVERDRAWN_ACCOUNT", rs.getString(2), null, rs.getString(2), rs.getString(3), overdrawn.get(rs.getLong(1)),
                        "a member account below zero at the end of the day");
            }, SqlArrays.bigints(new ArrayList<>(overdrawn.keySet())));
        }

        // unsettled as of the end of the day: marked before it, and no capture line had settled it by then (a later one may have)
        StreamedQuery.each(jdbc, PAGE, """
                select d.order_id, d.captured_at, a.account_no, d.amount_ore, d.acquirer, u.marked_at
                from deposit_unsettled u join deposit d on d.id = u.deposit_id join account a on a.id = d.account_id
                where u.marked_at < ?
                  and not exists (select 1 from settlement_line l where l.order_id = d.order_id and l.deposit_id = d.id and l.type = 'CAPTURE'
                                  and l.outcome in ('MATCHED', 'AMOUNT_MISMATCH') and l.reconciled_at < ?)
                order by d.captured_at, d.order_id""", rs -> {
            rows.add("DEPOSIT_UNSETTLED", rs.getString(1), time(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), null, rs.getLong(4),
                    "captured by " + rs.getString(5) + ", in no settlement file (marked " + time(rs.getObject(6, OffsetDateTime.class)) + ")");
        }, end, end);

        StreamedQuery.each(jdbc, PAGE, """
                select w.request_id, m.booked_at, a.account_no, m.amount, w.status_reason_code, w.recipient_name
                from movement m join withdrawal w on w.request_id = m.business_key join account a on a.id = w.account_id
                where m.key_space = 'WITHDRAWAL_REVERSAL' and w.status = 'REJECTED' and m.booked_at >= ? and m.booked_at < ?
                order by m.booked_at, w.request_id""", rs -> {
            rows.add("PAYOUT_REJECTED", rs.getString(1), time(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), null, rs.getLong(4),
                    "rejected by the bank (" + rs.getString(5) + "); the money is back on the account");
        }, start, end);

        new GuardiansWithoutEmail(jdbc).each(day.date(), guardian -> rows.add("GUARDIAN_WITHOUT_EMAIL", guardian.guardianCprMasked(), null,
                guardian.accountNo(), guardian.guardianName(), null, "no statement could be sent for the day"));

        // anything booked up to the end of the day but recorded after it changes this report: one run before it differs
        jdbc.query("select count(*), coalesce(min(created_at), max(created_at)) from movement where created_at >= ? and booked_at < ?", rs -> {
            if (rs.getLong(1) > 0) {
                rows.add("LATE_POSTINGS", String.valueOf(rs.getLong(1)), null, null, null, null, "movements booked on or before the day but recorded"
                        + " after it ended (a terminal file that came late), the first at " + time(rs.getObject(2, OffsetDateTime.class))
                        + ": a report run before them differs");
            }
        }, end, end);
    }

    /**
     * The exceptions of the day for the XLSX: every row counted and summed per category (the totals are complete), at
     * most {@value #LISTED} rows of a category listed, then a row saying how many more there are (the CSV has them all).
     */
    private static final class ExceptionRows implements Sink {

        private final ReportTable listed;
        private final Map<String, long[]> byCategory = new LinkedHashMap<>(); // category → {rows, amount}
        private final String date;

        ExceptionRows(ReportDay day) {
            date = day.date().toString();
            listed = new ReportTable("Exceptions " + date, ReportTable.text("category"), ReportTable.text("reference"), ReportTable.text("booked_at"),
                    ReportTable.text("account_no"), ReportTable.text("holder"), ReportTable.amount("amount"), ReportTable.text("detail"));
        }

        @Override
        public void add(String category, String reference, String bookedAt, String accountNo, String holder, Long amount, String detail) {
            long[] total = byCategory.computeIfAbsent(category, c -> new long[2]);
            total[0]++;
            total[1] = Math.addExact(total[1], amount == null ? 0 : amount);
            if (total[0] <= LISTED) {
                listed.row(category, reference, bookedAt, accountNo, holder, amount, detail);
            }
        }

        ReportTable listed() {
            byCategory.forEach((category, total) -> {
                if (total[0] > LISTED) {
                    listed.row(category, null, null, null, null, null, (total[0] - LISTED) + " more not listed here (" + total[0]
                            + " in all): the CSV lists every one, the table below has the category's total");
                }
            });
            return listed;
        }

        ReportTable totals() {
            ReportTable totals = new ReportTable("Exceptions by category " + date, ReportTable.text("category"), ReportTable.count("rows"),
                    ReportTable.amount("amount"), ReportTable.count("listed"));
            byCategory.forEach((category, total) -> totals.row(category, total[0], total[1], Math.min(total[0], LISTED)));
            return totals;
        }
    }

    private static String time(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(ReportDay.COPENHAGEN).toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }
}
