package dk.cardoffice.ledger;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves the ledger's invariants from the postings, not from the stored balances:
 * <ol>
 *   <li>every transaction has at least two postings and they sum to zero;</li>
 *   <li>every account's stored balance equals the sum of its postings;</li>
 *   <li>all postings together sum to zero (money is neither created nor destroyed);</li>
 *   <li>the member balances (the e-money liability) equal what the system accounts hold against them.</li>
 * </ol>
 * Each check is one aggregate query, so it runs in the database however large the ledger is.
 */
public class LedgerVerifier {

    private static final int MAX_LISTED = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public LedgerVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        // all checks see one snapshot, so a ledger in use is not reported broken by postings made between two queries
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    public LedgerReport verify() {
        return snapshot.execute(tx -> verifyInSnapshot());
    }

    private LedgerReport verifyInSnapshot() {
        List<String> breaks = new ArrayList<>();

        long transactions = count("select count(*) from ledger_transaction");
        long postings = count("select count(*) from posting");
        long accounts = count("select count(*) from account");

        // a terminal sale of free items only moves no money: its transaction has no postings
        jdbc.query("""
                select t.id, t.type, t.business_key, count(p.id) as legs, coalesce(sum(p.amount), 0) as total
                from ledger_transaction t left join posting p on p.transaction_id = t.id
                group by t.id, t.type, t.business_key
                having (count(p.id) < 2 and not (count(p.id) = 0 and t.type in ('SALE', 'REFUND')))
                    or coalesce(sum(p.amount), 0) <> 0
                order by t.id""", rs -> {
            if (breaks.size() < MAX_LISTED) {
                breaks.add("transaction " + rs.getLong("id") + " (" + rs.getString("type") + " " + rs.getString("business_key")
                        + ") has " + rs.getLong("legs") + " postings summing to " + Money.formatDkk(rs.getLong("total")) + " DKK");
            }
        });

        jdbc.query("""
                select a.account_no, a.balance + coalesce(sh.total, 0) as balance, coalesce(s.total, 0) as total
                from account a
                left join (select account_id, sum(amount) as total from posting group by account_id) s on s.account_id = a.id
                left join (select account_id, sum(balance) as total from account_balance_shard group by account_id) sh on sh.account_id = a.id
                where a.balance + coalesce(sh.total, 0) <> coalesce(s.total, 0)
                order by a.account_no""", rs -> {
            if (breaks.size() < MAX_LISTED) {
                breaks.add("account " + rs.getString("account_no") + " shows balance " + Money.formatDkk(rs.getLong("balance"))
                        + " DKK but its postings sum to " + Money.formatDkk(rs.getLong("total")) + " DKK");
            }
        });

        long allPostings = count("select coalesce(sum(amount), 0) from posting");
        if (allPostings != 0) {
            breaks.add("all postings together sum to " + Money.formatDkk(allPostings) + " DKK instead of 0");
        }

        // on PostgreSQL the hot tables carry no foreign keys (V6_1): references are checked here instead
        long orphanPostings = count("""
                select count(*) from posting p
                where not exists (select 1 from ledger_transaction t where t.id = p.transaction_id)
                   or not exists (select 1 from account a where a.id = p.account_id)""");
        if (orphanPostings != 0) {
            breaks.add(orphanPostings + " posting(s) refer to a transaction or an account that does not exist");
        }
        long orphanSales = count("""
                select count(*) from sale s
                where not exists (select 1 from ledger_transaction t where t.id = s.transaction_id and t.type = s.type)
                   or not exists (select 1 from account a where a.id = s.account_id)""");
        if (orphanSales != 0) {
            breaks.add(orphanSales + " sale(s) refer to a transaction or an account that does not exist");
        }

        long memberPostings = count("""
                select coalesce(sum(p.amount), 0) from posting p join account a on a.id = p.account_id
                where a.kind = 'MEMBER'""");
        long systemPostings = count("""
                select coalesce(sum(p.amount), 0) from posting p join account a on a.id = p.account_id
                where a.kind <> 'MEMBER'""");
        long memberBalances = count("select coalesce(sum(balance), 0) from account where kind = 'MEMBER'");
        if (memberBalances != memberPostings || memberPostings != -systemPostings) {
            breaks.add("e-money liability does not agree: member balances " + Money.formatDkk(memberBalances)
                    + " DKK, member postings " + Money.formatDkk(memberPostings)
                    + " DKK, held against them by system accounts " + Money.formatDkk(-systemPostings) + " DKK");
        }

        return new LedgerReport(transactions, postings, accounts, memberPostings, breaks);
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
