package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every account's balance (money in − money out) from the movements booked before a moment, never from a stored
 * balance: two grouped scans of the movements. The scheme's own accounts (everything but member accounts) are few and
 * kept by number; every other account is a member's, and their sum is the e-money liability.
 */
final class LedgerBalances {

    private final Map<Long, Long> byAccount;
    private final Map<Long, String> ownAccounts; // id → account_no of every account that is not a member's

    private LedgerBalances(Map<Long, Long> byAccount, Map<Long, String> ownAccounts) {
        this.byAccount = byAccount;
        this.ownAccounts = ownAccounts;
    }

    /** The balances of the movements booked before {@code end}. */
    static LedgerBalances before(JdbcTemplate jdbc, Instant end) {
        return sum(jdbc, "booked_at < ?", Timestamp.from(end));
    }

    /** The balances of the movements booked at or after {@code from} (what came after a day's end). */
    static LedgerBalances since(JdbcTemplate jdbc, Instant from) {
        return sum(jdbc, "booked_at >= ?", Timestamp.from(from));
    }

    private static LedgerBalances sum(JdbcTemplate jdbc, String where, Timestamp at) {
        Map<Long, Long> balances = new HashMap<>();
        jdbc.query("select credit_account_id, sum(amount) from movement where " + where + " group by credit_account_id",
                rs -> {
                    balances.merge(rs.getLong(1), rs.getLong(2), Math::addExact);
                }, at);
        jdbc.query("select debit_account_id, sum(amount) from movement where " + where + " group by debit_account_id",
                rs -> {
                    balances.merge(rs.getLong(1), -rs.getLong(2), Math::addExact);
                }, at);
        Map<Long, String> own = new HashMap<>();
        jdbc.query("select id, account_no from account where kind <> 'MEMBER'", rs -> {
            own.put(rs.getLong(1), rs.getString(2));
        });
        return new LedgerBalances(balances, own);
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
