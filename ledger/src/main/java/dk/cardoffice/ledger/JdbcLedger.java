package dk.cardoffice.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger on plain JDBC, the same SQL for PostgreSQL and H2.
 *
 * <p>Idempotency comes from the unique constraint on (type, business_key): the insert of the
 * transaction row says {@code ON CONFLICT DO NOTHING}, so a replay inserts no row and is reported
 * as a duplicate without aborting the caller's database transaction (which on PostgreSQL a failed
 * insert would). Balances are updated with {@code balance = balance + ?}, which takes the row lock,
 * so concurrent posts to one account serialise instead of losing updates. System accounts keep
 * their balance in shard rows (see V4__balance_shards.sql), so concurrent postings do not all
 * queue for one row lock; a shard is locked only for one posting's transaction. Locks are taken in
 * the order every poster of this code base takes them (the sales and portal writers too): the
 * sharded accounts first, then the others, each in id order, so two transactions touching the same
 * accounts cannot deadlock. (Id order alone is not enough: an institution's sales account is opened
 * after many member accounts, so its id is higher than theirs.)
 */
public class JdbcLedger implements Ledger {

    private static final String INSERT_TRANSACTION = """
            insert into ledger_transaction (type, business_key, booked_at, description, reference_id)
            values (?, ?, ?, ?, ?) on conflict do nothing""";
    private static final String INSERT_POSTING = "insert into posting (transaction_id, account_id, amount) values (?, ?, ?)";
    private static final String UPDATE_BALANCE = "update account set balance = balance + ? where id = ?";
    private static final String UPDATE_COVERED_BALANCE = "update account set balance = balance + ? where id = ? and balance + ? >= 0";
    /** Balance shard rows per system account (V4__balance_shards.sql). */
    public static final int SHARDS = 16;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** Whether an account keeps its balance in shards (system accounts); an account's kind never changes. */
    private final Map<Long, Boolean> sharded = new ConcurrentHashMap<>();
    /** Sharded (system) accounts before the others, each in id order: see the class comment. */
    private final Comparator<Long> lockOrder = Comparator.comparing((Long id) -> !isSharded(id)).thenComparing(Comparator.naturalOrder());

    public JdbcLedger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public PostingResult post(LedgerTransaction transaction) {
        return transactions.execute(status -> postInCurrentTransaction(transaction));
    }

    /**
     * Without covered debits the batch's balance changes are summed per account and each account (or one of its
     * shards) is updated once, in lock order: a batch takes each row lock once and in the same order as every other
     * poster, so two batches over the same accounts queue instead of deadlocking. With a covered debit the
     * transactions are posted one after the other, since each must see the balance the one before left.
     */
    @Override
    public List<PostingResult> postAll(List<LedgerTransaction> batch) {
        return transactions.execute(status -> {
            List<PostingResult> results = new ArrayList<>(batch.size());
            if (batch.stream().anyMatch(t -> t.postings().stream().anyMatch(Posting::covered))) {
                for (LedgerTransaction transaction : batch) {
                    results.add(postInCurrentTransaction(transaction));
                }
                return results;
            }
            List<Long> ids = new ArrayList<>(batch.size());
            Map<Long, Long> total = new TreeMap<>(lockOrder);
            for (LedgerTransaction t : batch) {
                Long id = insertTransaction(t);
                ids.add(id);
                if (id != null) {
                    for (Posting p : t.postings()) {
                        total.merge(p.accountId(), p.amountOre(), Math::addExact);
                    }
                }
            }
            Map<Long, Long> running = new TreeMap<>();
            for (Map.Entry<Long, Long> net : total.entrySet()) {
                long accountId = net.getKey();
                if (isSharded(accountId)) {
                    if (net.getValue() != 0) {
                        BalanceUpdates.addToShard(jdbc, accountId, ThreadLocalRandom.current().nextInt(SHARDS), net.getValue());
                    }
                    continue;
                }
                List<Long> after = updateBalance(accountId, net.getValue(), false);
                if (after.isEmpty()) {
                    throw new UnknownAccountException(accountId);
                }
                running.put(accountId, after.get(0) - net.getValue()); // the balance before the batch
            }
            List<Object[]> postings = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                LedgerTransaction t = batch.get(i);
                Long id = ids.get(i);
                if (id == null) {
                    results.add(new PostingResult.Duplicate(t.type(), t.businessKey()));
                    continue;
                }
                Map<Long, Long> balancesAfter = new TreeMap<>();
                for (Posting p : t.postings()) {
                    postings.add(new Object[] {id, p.accountId(), p.amountOre()});
                    if (running.containsKey(p.accountId())) {
                        balancesAfter.put(p.accountId(), running.merge(p.accountId(), p.amountOre(), Math::addExact));
                    }
                }
                results.add(new PostingResult.Posted(id, balancesAfter));
            }
            jdbc.batchUpdate(INSERT_POSTING, postings);
            return results;
        });
    }

    @Override
    public long balance(long accountId) {
        List<Long> balance = jdbc.queryForList("""
                select a.balance + coalesce((select sum(s.balance) from account_balance_shard s where s.account_id = a.id), 0)
                from account a where a.id = ?""", Long.class, accountId);
        if (balance.isEmpty()) {
            throw new UnknownAccountException(accountId);
        }
        return balance.get(0);
    }

    /** Adds the amount (a covered debit only while the balance covers it) and returns the new balance, or nothing. */
    private List<Long> updateBalance(long accountId, long amount, boolean covered) {
        return jdbc.execute((ConnectionCallback<List<Long>>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(covered ? UPDATE_COVERED_BALANCE : UPDATE_BALANCE, new String[] {"balance"})) {
                ps.setLong(1, amount);
                ps.setLong(2, accountId);
                if (covered) {
                    ps.setLong(3, amount);
                }
                ps.executeUpdate();
                List<Long> balances = new ArrayList<>(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        balances.add(keys.getLong(1));
                    }
                }
                return balances;
            }
        });
    }

    private boolean isSharded(long accountId) {
        return sharded.computeIfAbsent(accountId, id -> {
            Integer shards = jdbc.queryForObject("select count(*) from account_balance_shard where account_id = ?", Integer.class, id);
            return shards != null && shards > 0;
        });
    }

    /** Inserts the transaction row; its id, or null when the business key was posted before. */
    private Long insertTransaction(LedgerTransaction t) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        int inserted = jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement(INSERT_TRANSACTION, new String[] {"id"});
            ps.setString(1, t.type().name());
            ps.setString(2, t.businessKey());
            ps.setTimestamp(3, Timestamp.from(t.bookedAt()));
            ps.setString(4, t.description());
            if (t.referenceId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, t.referenceId());
            }
            return ps;
        }, key);
        return inserted == 0 ? null : key.getKeyAs(Number.class).longValue();
    }

    private PostingResult postInCurrentTransaction(LedgerTransaction t) {
        Long inserted = insertTransaction(t);
        if (inserted == null) {
            return new PostingResult.Duplicate(t.type(), t.businessKey());
        }
        long transactionId = inserted;

        Map<Long, Long> netPerAccount = new TreeMap<>(lockOrder);
        Set<Long> covered = new HashSet<>();
        for (Posting p : t.postings()) {
            netPerAccount.merge(p.accountId(), p.amountOre(), Math::addExact);
            if (p.covered()) {
                covered.add(p.accountId());
            }
        }
        Map<Long, Long> balancesAfter = new TreeMap<>();
        for (Map.Entry<Long, Long> net : netPerAccount.entrySet()) {
            long accountId = net.getKey();
            if (net.getValue() == 0) {
                continue;
            }
            if (!covered.contains(accountId) && isSharded(accountId)) {
                BalanceUpdates.addToShard(jdbc, accountId, ThreadLocalRandom.current().nextInt(SHARDS), net.getValue());
                continue;
            }
            // the new balance comes back from the update (RETURNING on PostgreSQL, the same through JDBC on H2)
            List<Long> after = updateBalance(accountId, net.getValue(), covered.contains(accountId));
            if (after.isEmpty()) {
                // the row lock is held by now, so this balance is the one the condition saw
                List<Long> balance = jdbc.queryForList("select balance from account where id = ?", Long.class, accountId);
                if (balance.isEmpty()) {
                    throw new UnknownAccountException(accountId);
                }
                throw new InsufficientFundsException(accountId, balance.get(0), -net.getValue());
            }
            balancesAfter.put(accountId, after.get(0));
        }
        jdbc.batchUpdate(INSERT_POSTING, t.postings(), t.postings().size(), (ps, p) -> {
            ps.setLong(1, transactionId);
            ps.setLong(2, p.accountId());
            ps.setLong(3, p.amountOre());
        });
        return new PostingResult.Posted(transactionId, balancesAfter);
    }
}
