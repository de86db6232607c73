package dk.cardoffice.ledger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-call ledger API on the posting primitive ({@link MovementWriter}): a transaction's postings are
 * laid out as movements (debits and credits end to end, in the order given; each overlap of a debit and
 * a credit is one movement), written with the same statements, locks and idempotency as sales posting
 * and the portal. A business key posted before is a {@link PostingResult.Duplicate}. Covered debits
 * are judged in the order given against the member's locked balance; one that the balance does not
 * cover fails the whole call with {@link InsufficientFundsException} and nothing of it is posted.
 */
public class JdbcLedger implements Ledger {

    /** Balance shard rows a new system account gets (V4__balance_shards.sql made the first ones; the writer reads the count per account). */
    public static final int SHARDS = 16;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MovementWriter writer;

    public JdbcLedger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, MovementWriter writer) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.writer = writer;
    }

    @Override
    public PostingResult post(LedgerTransaction transaction) {
        return postAll(List.of(transaction)).get(0);
    }

    @Override
    public List<PostingResult> postAll(List<LedgerTransaction> batch) {
        return transactions.execute(status -> {
            List<Movement> movements = new ArrayList<>();
            Set<Movement.EventKey> given = new HashSet<>();
            for (LedgerTransaction t : batch) {
                if (given.add(new Movement.EventKey(Movement.keySpace(t.type()), t.businessKey()))) {
                    movements.addAll(movements(t)); // the same key again in this batch is a duplicate of the first
                }
            }
            MovementWriter.Batch posting = writer.begin();
            Map<Movement.EventKey, Long> ids = posting.insert(movements);
            Map<Long, Long> running = posting.lockMembers();
            List<PostingResult> results = new ArrayList<>(batch.size());
            Set<Movement.EventKey> seen = new HashSet<>();
            for (LedgerTransaction t : batch) {
                Movement.EventKey event = new Movement.EventKey(Movement.keySpace(t.type()), t.businessKey());
                Long id = ids.get(event);
                if (id == null || !seen.add(event)) {
                    results.add(new PostingResult.Duplicate(t.type(), t.businessKey()));
                    continue;
                }
                Map<Long, Long> net = new TreeMap<>();
                for (Posting p : t.postings()) {
                    net.merge(p.accountId(), p.amountOre(), Math::addExact);
                }
                Map<Long, Long> balancesAfter = new TreeMap<>();
                for (Map.Entry<Long, Long> e : net.entrySet()) {
                    if (!running.containsKey(e.getKey())) {
                        continue; // a system account: sharded, no single balance to report
                    }
                    long before = running.get(e.getKey());
                    long after = Math.addExact(before, e.getValue());
                    if (after < 0 && e.getValue() < 0 && covered(t, e.getKey())) {
                        throw new InsufficientFundsException(e.getKey(), before, -e.getValue());
                    }
                    running.put(e.getKey(), after);
                    balancesAfter.put(e.getKey(), after);
                }
                results.add(new PostingResult.Posted(id, balancesAfter));
            }
            posting.finish();
            return results;
        });
    }

    private static boolean covered(LedgerTransaction t, long accountId) {
        return t.postings().stream().anyMatch(p -> p.covered() && p.accountId() == accountId);
    }

    /**
     * The transaction's postings as movements: netted per account, then debits and credits laid end to end in the
     * order given, one movement per overlap. A transaction that nets to nothing moves nothing and is refused.
     */
    static List<Movement> movements(LedgerTransaction t) {
        Map<Long, Long> net = new java.util.LinkedHashMap<>();
        for (Posting p : t.postings()) {
            net.merge(p.accountId(), p.amountOre(), Math::addExact);
        }
        List<long[]> debits = new ArrayList<>();
        List<long[]> credits = new ArrayList<>();
        net.forEach((accountId, amount) -> {
            if (amount != 0) {
                (amount < 0 ? debits : credits).add(new long[] {accountId, Math.abs(amount)});
            }
        });
        if (t.type() == TransactionType.SALE || t.type() == TransactionType.REFUND) {
            throw new IllegalArgumentException(t.type() + " " + t.businessKey() + ": terminal sales are posted by sales posting, with their items");
        }
        if (debits.isEmpty()) {
            throw new UnbalancedTransactionException(t.type() + " " + t.businessKey() + " moves nothing: its postings cancel out on each account");
        }
        List<Movement> movements = new ArrayList<>();
        int d = 0;
        int c = 0;
        while (d < debits.size() && c < credits.size()) {
            long[] debit = debits.get(d);
            long[] credit = credits.get(c);
            long amount = Math.min(debit[1], credit[1]);
            movements.add(new Movement(t.type(), t.businessKey(), movements.size() + 1, debit[0], credit[0], amount, t.bookedAt(),
                    t.description(), t.referenceId(), null));
            debit[1] -= amount;
            credit[1] -= amount;
            if (debit[1] == 0) {
                d++;
            }
            if (credit[1] == 0) {
                c++;
            }
        }
        return movements;
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
}
