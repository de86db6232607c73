package dk.cardoffice.bench;

import org.springframework.jdbc.core.JdbcTemplate;

/** For benchmarks that write their movements set-based in SQL: the balances those movements imply, so verify-ledger holds. */
final class BenchLedger {

    private BenchLedger() {
    }

    /** Every member account's balance, and each given system account's first shard, from the movements. */
    static void balancesFromMovements(JdbcTemplate jdbc, long... systemAccounts) {
        jdbc.update("""
                update account a set balance = t.total
                from (select id, sum(delta) as total from (
                        select credit_account_id as id, amount as delta from movement
                        union all select debit_account_id, -amount from movement) d group by id) t
                where t.id = a.id and a.kind = 'MEMBER'""");
        for (long account : systemAccounts) {
            jdbc.update("""
                    update account_balance_shard set balance = (select coalesce(sum(case when credit_account_id = ? then amount else -amount end), 0)
                                                                from movement where credit_account_id = ? or debit_account_id = ?)
                    where account_id = ? and shard = 0""", account, account, account, account);
        }
    }
}
