package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.TransactionType;

/**
 * The day's e-money liability: the opening liability, what each kind of movement put into or took out of member
 * accounts that day, and the closing liability they lead to — which must equal the member balances at the end of the
 * day (summed account by account from the movements) and the balances the ledger keeps on the accounts (less what was
 * booked after the day). Each comparison says OK or shows the difference.
 */
final class SummarySection {

    /** The kinds of movement that touch member accounts, labelled in the order finance reads them. */
    private static final Map<TransactionType, String> FLOWS = new LinkedHashMap<>();

    static {
        FLOWS.put(TransactionType.DEPOSIT, "Deposits (top-ups)");
        FLOWS.put(TransactionType.SALE, "Sales");
        FLOWS.put(TransactionType.REFUND, "Refunds");
        FLOWS.put(TransactionType.WITHDRAWAL, "Withdrawals");
        FLOWS.put(TransactionType.WITHDRAWAL_REVERSAL, "Withdrawals reversed (cancelled, or rejected by the bank)");
        FLOWS.put(TransactionType.CARD_FEE, "Card fees");
        FLOWS.put(TransactionType.CHARGEBACK, "Chargebacks");
        FLOWS.put(TransactionType.DEPOSIT_REFUND, "Top-ups refunded by the acquirer");
        FLOWS.put(TransactionType.SUSPENSE_TRANSFER, "Suspense moves");
    }

    static final String OK = "OK";
    static final String DIFFERENCE = "DIFFERENCE";

    private SummarySection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day, LedgerBalances atStart, LedgerBalances atEnd, LedgerBalances afterEnd) {
        ReportTable table = new ReportTable("E-money liability " + day.date(), ReportTable.text("line"), ReportTable.count("movements"),
                ReportTable.amount("amount"), ReportTable.text("status"));
        long opening = atStart.memberLiability();
        table.row("Opening e-money liability", null, opening, null);
        // a terminal file that came after midnight books its sales on their own (earlier) day: they are in this opening but
        // were not in a report of that day made before them; shown so that yesterday's closing and this opening can be tied
        jdbc.query("""
                select count(*), coalesce(sum(case when credit_account_id = member_account_id then amount else -amount end), 0) from movement
                where created_at >= ? and created_at < ? and booked_at < ? and member_account_id is not null""", rs -> {
            table.row("Of which booked on earlier days but recorded on this day (late terminal files)", rs.getLong(1), rs.getLong(2), null);
        }, Timestamp.from(day.start()), Timestamp.from(day.end()), Timestamp.from(day.start()));

        Map<String, long[]> flows = new java.util.HashMap<>();
        jdbc.query("""
                select type, count(*),
                       coalesce(sum(case when credit_account_id = member_account_id then amount else 0 end), 0),
                       coalesce(sum(case when debit_account_id = member_account_id then amount else 0 end), 0)
                from movement where booked_at >= ? and booked_at < ? and member_account_id is not null group by type""", rs -> {
            flows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3) - rs.getLong(4)});
        }, Timestamp.from(day.start()), Timestamp.from(day.end()));
        long closing = opening;
        for (Map.Entry<TransactionType, String> kind : FLOWS.entrySet()) {
            long[] flow = flows.remove(kind.getKey().name());
            long count = flow == null ? 0 : flow[0];
            long net = flow == null ? 0 : flow[1];
            table.row(kind.getValue(), count, net, null);
            closing = Math.addExact(closing, net);
        }
        for (Map.Entry<String, long[]> unknown : flows.entrySet()) { // a type this report does not know: shown, never dropped
            table.row("Other: " + unknown.getKey(), unknown.getValue()[0], unknown.getValue()[1], null);
            closing = Math.addExact(closing, unknown.getValue()[1]);
        }
        table.row("Closing e-money liability (opening + the day's movements)", null, closing, null);

        long memberBalances = atEnd.memberLiability();
        table.row("Member balances at the end of the day (account by account)", null, memberBalances, null);
        long movementDifference = memberBalances - closing;
        table.row("Difference: member balances − closing liability", null, movementDifference, status(movementDifference));

        Long storedNow = jdbc.queryForObject("select coalesce(sum(balance), 0) from account where kind = 'MEMBER'", Long.class);
        long stored = storedNow - afterEnd.memberLiability();
        table.row("Member balances as the ledger keeps them, less what was booked after the day", null, stored, null);
        long storedDifference = stored - memberBalances;
        table.row("Difference: kept balances − member balances", null, storedDifference, status(storedDifference));
        table.row("Result", null, null, movementDifference == 0 && storedDifference == 0 ? OK : DIFFERENCE);
        return new ReportSection("summary", "Summary", List.of(table));
    }

    static String status(long difference) {
        return difference == 0 ? OK : DIFFERENCE;
    }
}
