package dk.cardoffice.ledger;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The balance updates every poster makes (the ledger API, sales posting, the portal's group commit):
 * a member account's balance, or one shard of a system account's balance. An update that touches
 * fewer rows than it should is an error that rolls the whole batch back, never a posting whose
 * balance silently stayed where it was (the shard rows are made by V4 and by {@link Accounts}, their
 * count is {@link JdbcLedger#SHARDS}: if the two ever disagree, this is where it shows).
 */
public final class BalanceUpdates {

    private BalanceUpdates() {
    }

    /** Adds {@code delta} to shard {@code shard} of a system account's balance. */
    public static void addToShard(JdbcTemplate jdbc, long accountId, int shard, long delta) {
        int updated = jdbc.update("update account_balance_shard set balance = balance + ? where account_id = ? and shard = ?", delta, accountId, shard);
        if (updated != 1) {
            throw new IllegalStateException("account " + accountId + " has no balance shard " + shard + " (the code spreads a system account over "
                    + JdbcLedger.SHARDS + " shards): the shard rows and the code disagree, so nothing of this batch was posted");
        }
    }

    /** Adds each delta to its member account's balance in one statement (the rows are locked by the caller). */
    public static void addToMembers(JdbcTemplate jdbc, Map<Long, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        int updated = SqlArrays.executeWithColumns(jdbc, """
                merge into account a using (select * from unnest(?, ?)) as d(id, delta) on a.id = d.id
                when matched then update set balance = a.balance + d.delta""", new String[] {"bigint", "bigint"},
                new Object[][] {deltas.keySet().toArray(), deltas.values().toArray()});
        if (updated != deltas.size()) {
            throw new IllegalStateException("of " + deltas.size() + " member balances to update only " + updated
                    + " were found: an account vanished under the posting, so nothing of this batch was posted");
        }
    }
}
