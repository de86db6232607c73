package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dk.cardoffice.batch.statements.GuardiansWithoutEmail;
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
 * OVERDRAWN_ACCOUNT until it is not. Each category lists at most {@value #LISTED} rows and then says there are more,
 * so the report stays the same size however long an exception stays open.
 */
final class ExceptionsSection {

    /** Rows listed per category at most (the operations API lists the rest). */
    static final int LISTED = 10_000;

    private ExceptionsSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day, LedgerBalances atEnd) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        ReportTable table = new ReportTable("Exceptions " + day.date(), ReportTable.text("category"), ReportTable.text("reference"),
                ReportTable.text("booked_at"), ReportTable.text("account_no"), ReportTable.text("holder"), ReportTable.amount("amount"),
                ReportTable.text("detail"));

        RowCallbackHandler flagged = rs -> {
            OffsetDateTime resolved = rs.getObject(5, OffsetDateTime.class);
            boolean open = resolved == null || !resolved.toInstant().isBefore(day.end());
            table.row("FLAGGED_" + rs.getString(8) + "_" + rs.getString(1), rs.getString(2), time(rs.getObject(3, OffsetDateTime.class)), rs.getString(4),
                    null, rs.getLong(7), open ? "open at the end of the day" : "resolved " + time(resolved) + ": " + rs.getString(6));
        };
        String flags = """
                select f.flag, m.business_key, m.booked_at, a.account_no, f.resolved_at, f.resolution, m.amount, m.type
                from sale_flag f join movement m on m.id = f.transaction_id
                left join account a on a.id = case when m.type = 'SALE' then m.debit_account_id else m.credit_account_id end
                """;
        listed(jdbc, table, "FLAGGED (the day's)", flags + "where m.booked_at >= ? and m.booked_at < ? order by m.booked_at, m.id, f.flag limit ?",
                flagged, start, end);
        listed(jdbc, table, "FLAGGED (earlier, unknown card, still open)", flags + """
                where f.flag = 'UNKNOWN_CARD' and m.booked_at < ? and (f.resolved_at is null or f.resolved_at >= ?)
                order by m.booked_at, m.id limit ?""", flagged, start, end);

        long suspense = atEnd.ofOwn(SystemAccount.SUSPENSE.accountNo());
        table.row("SUSPENSE_BALANCE", SystemAccount.SUSPENSE.accountNo(), null, SystemAccount.SUSPENSE.accountNo(), null, suspense,
                "money on the suspense account at the end of the day");
        listed(jdbc, table, "SUSPENSE_ITEM", """
                select m.type, m.business_key, m.booked_at, m.amount, m.description, case when d.account_no = ? then 'out' else 'in' end
                from movement m join account d on d.id = m.debit_account_id join account c on c.id = m.credit_account_id
                where (d.account_no = ? or c.account_no = ?) and m.booked_at >= ? and m.booked_at < ?
                order by m.booked_at, m.id limit ?""", rs -> {
            long signed = rs.getString(6).equals("out") ? -rs.getLong(4) : rs.getLong(4);
            table.row("SUSPENSE_ITEM", rs.getString(1) + " " + rs.getString(2), time(rs.getObject(3, OffsetDateTime.class)),
                    SystemAccount.SUSPENSE.accountNo(), null, signed, rs.getString(5));
        }, SystemAccount.SUSPENSE.accountNo(), SystemAccount.SUSPENSE.accountNo(), SystemAccount.SUSPENSE.accountNo(), start, end);

        Map<Long, Long> overdrawn = atEnd.overdrawnMembers();
        if (!overdrawn.isEmpty()) {
            listed(jdbc, table, "OVERDRAWN_ACCOUNT", """
                    select a.id, a.account_no, m.first_name || ' ' || m.last_name from account a join member m on m.id = a.member_id
                    where a.id = any(?) order by a.account_no limit ?""", rs -> {
                table.row("OVERDRAWN_ACCOUNT", rs.getString(2), null, rs.getString(2), rs.getString(3), overdrawn.get(rs.getLong(1)),
                        "a member account below zero at the end of the day");
            }, SqlArrays.bigints(new ArrayList<>(overdrawn.keySet())));
        }

        // unsettled as of the end of the day: marked before it, and no capture line had settled it by then (a later one may have)
        listed(jdbc, table, "DEPOSIT_UNSETTLED", """
                select d.order_id, d.captured_at, a.account_no, d.amount_ore, d.acquirer, u.marked_at
                from deposit_unsettled u join deposit d on d.id = u.deposit_id join account a on a.id = d.account_id
                where u.marked_at < ?
                  and not exists (select 1 from settlement_line l where l.order_id = d.order_id and l.deposit_id = d.id and l.type = 'CAPTURE'
                                  and l.outcome in ('MATCHED', 'AMOUNT_MISMATCH') and l.reconciled_at < ?)
                order by d.captured_at, d.order_id limit ?""", rs -> {
            table.row("DEPOSIT_UNSETTLED", rs.getString(1), time(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), null, rs.getLong(4),
                    "captured by " + rs.getString(5) + ", in no settlement file (marked " + time(rs.getObject(6, OffsetDateTime.class)) + ")");
        }, end, end);

        listed(jdbc, table, "PAYOUT_REJECTED", """
                select w.request_id, m.booked_at, a.account_no, m.amount, w.status_reason_code, w.recipient_name
                from movement m join withdrawal w on w.request_id = m.business_key join account a on a.id = w.account_id
                where m.key_space = 'WITHDRAWAL_REVERSAL' and w.status = 'REJECTED' and m.booked_at >= ? and m.booked_at < ?
                order by m.booked_at, w.request_id limit ?""", rs -> {
            table.row("PAYOUT_REJECTED", rs.getString(1), time(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), null, rs.getLong(4),
                    "rejected by the bank (" + rs.getString(5) + "); the money is back on the account");
        }, start, end);

        List<GuardiansWithoutEmail.Missing> missing = new GuardiansWithoutEmail(jdbc).on(day.date(), LISTED + 1);
        for (GuardiansWithoutEmail.Missing guardian : missing.subList(0, Math.min(missing.size(), LISTED))) {
            table.row("GUARDIAN_WITHOUT_EMAIL", guardian.guardianCprMasked(), null, guardian.accountNo(), guardian.guardianName(), null,
                    "no statement could be sent for the day");
        }
        if (missing.size() > LISTED) {
            more(table, "GUARDIAN_WITHOUT_EMAIL");
        }

        Long late = jdbc.queryForObject("select count(*) from movement where booked_at >= ? and booked_at < ? and created_at >= ?", Long.class,
                start, end, end);
        if (late != null && late > 0) {
            table.row("LATE_POSTINGS", String.valueOf(late), null, null, null, null,
                    "movements booked on the day but recorded after it ended (a terminal file that came late): a report run before them differs");
        }
        return new ReportSection("exceptions", "Exceptions", List.of(table));
    }

    /**
     * The rows of {@code sql} (whose last parameter is the limit: {@value #LISTED} + 1 is given) up to {@value #LISTED}, then a
     * row saying there are more.
     */
    private static void listed(JdbcTemplate jdbc, ReportTable table, String category, String sql, RowCallbackHandler row, Object... args) {
        Object[] withLimit = java.util.Arrays.copyOf(args, args.length + 1);
        withLimit[args.length] = LISTED + 1;
        int[] seen = {0};
        jdbc.query(sql, rs -> {
            if (++seen[0] <= LISTED) {
                row.processRow(rs);
            }
        }, withLimit);
        if (seen[0] > LISTED) {
            more(table, category);
        }
    }

    private static void more(ReportTable table, String category) {
        table.row(category, null, null, null, null, null, "more than " + LISTED + " rows: the first are listed, the operations API lists them all");
    }

    private static String time(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(ReportDay.COPENHAGEN).toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }
}
