package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every account's balance (money in − money out) from the movements booked before a moment, never from a stored
 * balance. The scheme's own accounts (everything but member accounts) are few and
 * kept by number; every other account is a member's, and their sum is the e-money liability.
 */
final class LedgerBalances {

    private final Map<Long, Long> byAccount;
    private final Map<Long, String> ownAccounts; // id → account_no of every account that is not a member's

    private LedgerBalances(Map<Long, Long> byAccount, Map<Long, String> ownAccounts) {
        this.byAccount = byAccount;
        this.ownAccounts = ownAccounts;
    }

    /** Every account's balance at the day's start and end, and what was booked after the end. */
    record AtTheDay(LedgerBalances atStart, LedgerBalances atEnd, LedgerBalances afterEnd) {
    }

    /**
     * The three cuts of the day in one pass over the movements (two grouped scans, one per side): the report's cost is
     * one read of the ledger, not one per cut.
     */
    static AtTheDay of(JdbcTemplate jdbc, ReportDay day) {
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        List<Map<Long, Long>> cuts = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (String side : new String[] {"credit_account_id", "debit_account_id"}) {
            long sign = side.startsWith("credit") ? 1 : -1; // money in − money out
            jdbc.query("select " + side + ", sum(case when booked_at < ? then amount else 0 end), sum(case when booked_at < ? then amount else 0 end),"
                    + " sum(case when booked_at >= ? then amount else 0 end) from movement group by " + side, rs -> {
                        for (int cut = 0; cut < 3; cut++) {
                            long amount = rs.getLong(cut + 2);
                            if (amount != 0) {
                                cuts.get(cut).merge(rs.getLong(1), sign * amount, Math::addExact);
                            }
                        }
                    }, start, end, end);
        }
        Map<Long, String> own = new HashMap<>();
        jdbc.query("select id, account_no from account where kind <> 'MEMBER'", rs -> {
            own.put(rs.getLong(1), rs.getString(2));
        });
        return new AtTheDay(new LedgerBalances(cuts.get(0), own), new LedgerBalances(cuts.get(1), own), new LedgerBalances(cuts.get(2), own));
    }

    long of(long accountId) {
        return byAccount.getOrDefault(accountId, 0L);
    }

    /** The balance of one of the scheme's own accounts, by number (ACQ-NETS, BANK-CLIENT-FUNDS, …). */
    long ofOwn(String accountNo) {
        return ownAccounts.entrySet().stream().filter(e -> e.getValue().equals(accountNo)).mapToLong(e -> of(e.getKey())).sum();
    }

    /** The sum over the scheme's own accounts whose number starts so (SALES- for every institution's sales account). */
    long ofOwnStartingWith(String prefix) {
        return ownAccounts.entrySet().stream().filter(e -> e.getValue().startsWith(prefix)).mapToLong(e -> of(e.getKey())).sum();
    }

    /** The e-money liability: the sum of every member account's balance. */
    long memberLiability() {
        long sum = 0;
        for (Map.Entry<Long, Long> e : byAccount.entrySet()) {
            if (!ownAccounts.containsKey(e.getKey())) {
                sum = Math.addExact(sum, e.getValue());
            }
        }
        return sum;
    }

    /** The member accounts below zero, by id. */
    Map<Long, Long> overdrawnMembers() {
        Map<Long, Long> overdrawn = new HashMap<>();
        byAccount.forEach((id, balance) -> {
            if (balance < 0 && !ownAccounts.containsKey(id)) {
                overdrawn.put(id, balance);
            }
        });
        return overdrawn;
    }
}
