package dk.cardoffice.ledger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one set-based posting primitive: the only code that writes movements and balances. The ledger API
 * ({@link JdbcLedger}), sales posting, the portal's group commit and settlement all post through a
 * {@link Batch}, in the caller's database transaction, in this order:
 * <ol>
 * <li>{@link Batch#insert}: the movements in one {@code insert ... select from unnest(...)}, in key order,
 * {@code on conflict do nothing}. An event whose key was posted before inserts nothing and is not in the
 * answer: the unique key decides, not a look-up, so two writers with the same event can overlap safely.
 * Every account must exist ({@link UnknownAccountException} otherwise), and at most one side may be a
 * member account. On PostgreSQL a large batch (a sales chunk, a settlement chunk) goes in by {@code COPY} instead
 * ({@link MovementCopy}): the keys posted before looked up, the new rows copied; the unique key still decides;</li>
 * <li>{@link Batch#lockMembers}: the system accounts' side, each on one of its balance shards, in id order;
 * then the member accounts locked in id order and their balances read. Every writer takes locks in this
 * order (keys, shards, members), so two batches over the same accounts queue instead of deadlocking;</li>
 * <li>the caller judges what needs balances (a covered withdrawal, a sale's flags) and takes refused
 * events back out with {@link Batch#withdraw} (their rows deleted, their shard amounts reversed: nobody
 * ever sees them);</li>
 * <li>{@link Batch#finish}: one balance change per member account, one {@code MERGE}.</li>
 * </ol>
 * A balance update that touches fewer rows than it should fails the batch ({@link BalanceUpdates}).
 */
public class MovementWriter {

    private static final String[] COLUMN_TYPES = {"varchar", "varchar", "varchar", "smallint", "bigint", "bigint", "bigint", "bigint",
            "timestamptz", "varchar", "bigint", "varchar", "varchar", "varchar", "varchar", "bigint", "integer"};

    private static final String INSERT_WITH_SALES = """
            insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount,
                                  booked_at, description, reference_id, institution_no, institution_type, card_number, items,
                                  sales_file_id, line_no)
            select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 as u(type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                      description, reference_id, institution_no, institution_type, card_number, items, sales_file_id, line_no)
            order by business_key, key_space, leg
            on conflict do nothing""";
    private static final String INSERT = """
            insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount,
                                  booked_at, description, reference_id)
            select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 as u(type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                      description, reference_id)
            order by business_key, key_space, leg
            on conflict do nothing""";

    private final JdbcTemplate jdbc;
    /** Shard rows per account: 0 for a member account (its balance is on its own row). An account's kind never changes. */
    private final Map<Long, Integer> shards = new ConcurrentHashMap<>();

    /** Whether large batches go in by COPY (PostgreSQL), decided at the first large batch. */
    private volatile Boolean copy;

    public MovementWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private boolean copySupported() {
        if (copy == null) {
            copy = MovementCopy.supported(jdbc);
        }
        return copy;
    }

    /** A batch in the caller's database transaction (required: a failure halfway must leave nothing behind). */
    public Batch begin() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("movements are written inside the caller's transaction");
        }
        return new Batch();
    }

    /** True for an account that keeps its balance on its own row (a member account). */
    public boolean isMember(long accountId) {
        load(List.of(accountId));
        return shards.get(accountId) == 0;
    }

    private void load(Collection<Long> accountIds) {
        Set<Long> unknown = new HashSet<>();
        for (Long id : accountIds) {
            if (!shards.containsKey(id)) {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        jdbc.query("""
                select a.id, count(s.shard) from account a left join account_balance_shard s on s.account_id = a.id
                where a.id = any(?) group by a.id""", rs -> {
            shards.put(rs.getLong(1), rs.getInt(2));
        }, SqlArrays.bigints(unknown));
        for (Long id : unknown) {
            if (!shards.containsKey(id)) {
                throw new UnknownAccountException(id);
            }
        }
    }

    /** One batch of movements on its way through the steps above. */
    public final class Batch {

        private final Map<Movement.EventKey, List<Inserted>> inserted = new LinkedHashMap<>();
        /** account → shard chosen for this batch, so a withdrawn event's amount is taken off the same shard. */
        private final Map<Long, Integer> shardOf = new HashMap<>();
        private Map<Long, Long> balancesBefore;
        private boolean finished;

        private record Inserted(long id, Movement movement) {
        }

        private Batch() {
        }

        /**
         * Inserts the movements; returns, per event inserted now, the id of its first leg (in the order given).
         * An event posted before (by anyone, ever) is not in the answer.
         */
        public Map<Movement.EventKey, Long> insert(List<Movement> movements) {
            if (balancesBefore != null) {
                throw new IllegalStateException("insert before the member accounts are locked");
            }
            Map<Movement.EventKey, Long> firstLegs = new LinkedHashMap<>();
            if (movements.isEmpty()) {
                return firstLegs;
            }
            Set<Long> accountIds = new HashSet<>();
            for (Movement m : movements) {
                accountIds.add(m.debitAccountId());
                accountIds.add(m.creditAccountId());
            }
            load(accountIds);
            int n = movements.size();
            Long[] memberIds = new Long[n];
            Map<String, Movement> byKey = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                Movement m = movements.get(i);
                boolean debitMember = shards.get(m.debitAccountId()) == 0;
                boolean creditMember = shards.get(m.creditAccountId()) == 0;
                if (debitMember && creditMember) {
                    throw new IllegalArgumentException(m.type() + " " + m.businessKey() + " moves money between two member accounts");
                }
                if (byKey.put(m.keySpace() + "\n" + m.businessKey() + "\n" + m.leg(), m) != null) {
                    throw new IllegalArgumentException(m.type() + " " + m.businessKey() + " leg " + m.leg() + " is in the batch twice");
                }
                memberIds[i] = debitMember ? Long.valueOf(m.debitAccountId()) : creditMember ? Long.valueOf(m.creditAccountId()) : null;
            }
            List<MovementCopy.Stored> stored = n >= MovementCopy.FROM_ROWS && copySupported() ? MovementCopy.insert(jdbc, movements, memberIds) : null;
            if (stored == null) {
                stored = insertOnConflict(movements, memberIds, byKey);
            }
            Map<Movement.EventKey, List<Inserted>> now = new LinkedHashMap<>();
            for (MovementCopy.Stored row : stored) {
                now.computeIfAbsent(row.movement().event(), k -> new ArrayList<>(1)).add(new Inserted(row.id(), row.movement()));
            }
            Map<Movement.EventKey, Integer> legsGiven = new HashMap<>();
            for (Movement m : movements) {
                legsGiven.merge(m.event(), 1, Integer::sum);
            }
            for (Movement m : movements) {
                List<Inserted> legs = now.get(m.event());
                if (legs == null || firstLegs.containsKey(m.event())) {
                    continue;
                }
                if (legs.size() != legsGiven.get(m.event())) {
                    // another writer posted some legs of this event with other legs: never half an event
                    throw new IllegalStateException(m.type() + " " + m.businessKey() + ": " + legs.size() + " of its " + legsGiven.get(m.event())
                            + " legs were new, the others posted before under the same key; nothing of this batch was posted");
                }
                legs.sort((a, b) -> Integer.compare(a.movement().leg(), b.movement().leg()));
                firstLegs.put(m.event(), legs.get(0).id());
                inserted.put(m.event(), legs);
            }
            return firstLegs;
        }

        /** The ordinary insert: one {@code insert ... select from unnest(...) on conflict do nothing}; the rows really inserted. */
        private List<MovementCopy.Stored> insertOnConflict(List<Movement> movements, Long[] memberIds, Map<String, Movement> byKey) {
            int n = movements.size();
            Object[][] columns = new Object[COLUMN_TYPES.length][n];
            for (int i = 0; i < n; i++) {
                Movement m = movements.get(i);
                Movement.SaleDetail sale = m.sale();
                columns[0][i] = m.type().name();
                columns[1][i] = m.keySpace();
                columns[2][i] = m.businessKey();
                columns[3][i] = (short) m.leg();
                columns[4][i] = m.debitAccountId();
                columns[5][i] = m.creditAccountId();
                columns[6][i] = memberIds[i];
                columns[7][i] = m.amountOre();
                columns[8][i] = m.bookedAt().atOffset(ZoneOffset.UTC);
                columns[9][i] = m.description();
                columns[10][i] = m.referenceId();
                columns[11][i] = sale == null ? null : sale.institutionNo();
                columns[12][i] = sale == null ? null : sale.institutionType();
                columns[13][i] = sale == null ? null : sale.cardNumber();
                columns[14][i] = sale == null ? null : sale.items();
                columns[15][i] = sale == null ? null : sale.salesFileId();
                columns[16][i] = sale == null ? null : sale.lineNo();
            }
            List<MovementCopy.Stored> stored = new ArrayList<>(n);
            // without a sale in the batch (the portal, the ledger API) the six sale columns are left out: 11 arrays, not 17
            boolean sales = movements.stream().anyMatch(m -> m.sale() != null);
            SqlArrays.insertWithColumns(jdbc, sales ? INSERT_WITH_SALES : INSERT, sales ? COLUMN_TYPES : Arrays.copyOf(COLUMN_TYPES, 11),
                    sales ? columns : Arrays.copyOf(columns, 11), new String[] {"id", "key_space", "business_key", "leg"}, rs -> {
                stored.add(new MovementCopy.Stored(rs.getLong(1), byKey.get(rs.getString(2) + "\n" + rs.getString(3) + "\n" + rs.getInt(4))));
            });
            return stored;
        }

        /**
         * Adds the inserted movements to the system accounts' shards, then locks the member accounts in id order
         * and returns their balances before this batch (every member account the batch moves, and {@code more}).
         */
        public Map<Long, Long> lockMembers(Collection<Long> more) {
            if (balancesBefore != null) {
                throw new IllegalStateException("the member accounts are locked already");
            }
            Map<Long, Long> systemDeltas = new TreeMap<>();
            Set<Long> members = new HashSet<>(more);
            forEachDelta((accountId, delta) -> {
                if (shards.get(accountId) == 0) {
                    members.add(accountId);
                } else {
                    systemDeltas.merge(accountId, delta, Math::addExact);
                }
            });
            systemDeltas.forEach((accountId, delta) -> {
                int shard = ThreadLocalRandom.current().nextInt(shards.get(accountId));
                shardOf.put(accountId, shard);
                if (delta != 0) {
                    BalanceUpdates.addToShard(jdbc, accountId, shard, delta);
                }
            });
            Map<Long, Long> balances = new HashMap<>();
            if (!members.isEmpty()) {
                jdbc.query("select id, balance from account where id = any(?) order by id for update", rs -> {
                    balances.put(rs.getLong(1), rs.getLong(2));
                }, SqlArrays.bigints(members));
            }
            for (Long id : members) {
                if (!balances.containsKey(id)) {
                    throw new UnknownAccountException(id);
                }
            }
            balancesBefore = balances;
            return new HashMap<>(balances);
        }

        public Map<Long, Long> lockMembers() {
            return lockMembers(List.of());
        }

        /** Takes events inserted by this batch back out: their rows deleted, their amounts taken off the shards again. */
        public void withdraw(Collection<Movement.EventKey> events) {
            if (balancesBefore == null || finished) {
                throw new IllegalStateException("withdraw after lockMembers and before finish");
            }
            List<Long> ids = new ArrayList<>();
            Map<Long, Long> back = new TreeMap<>();
            for (Movement.EventKey event : events) {
                List<Inserted> legs = inserted.remove(event);
                if (legs == null) {
                    throw new IllegalArgumentException(event + " was not inserted by this batch");
                }
                for (Inserted leg : legs) {
                    ids.add(leg.id());
                    Movement m = leg.movement();
                    if (shards.get(m.debitAccountId()) > 0) {
                        back.merge(m.debitAccountId(), m.amountOre(), Math::addExact);
                    }
                    if (shards.get(m.creditAccountId()) > 0) {
                        back.merge(m.creditAccountId(), -m.amountOre(), Math::addExact);
                    }
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            int deleted = jdbc.update("delete from movement where id = any(?)", SqlArrays.bigints(ids));
            if (deleted != ids.size()) {
                throw new IllegalStateException("of " + ids.size() + " movements to take back only " + deleted + " were found");
            }
            back.forEach((accountId, delta) -> {
                if (delta != 0) {
                    BalanceUpdates.addToShard(jdbc, accountId, shardOf.get(accountId), delta);
                }
            });
        }

        /** Writes the member accounts' balance changes; returns each changed member account's balance after the batch. */
        public Map<Long, Long> finish() {
            if (balancesBefore == null) {
                lockMembers();
            }
            if (finished) {
                throw new IllegalStateException("finished already");
            }
            finished = true;
            Map<Long, Long> deltas = new TreeMap<>();
            forEachDelta((accountId, delta) -> {
                if (shards.get(accountId) == 0) {
                    deltas.merge(accountId, delta, Math::addExact);
                }
            });
            Map<Long, Long> after = new HashMap<>();
            deltas.forEach((accountId, delta) -> after.put(accountId, Math.addExact(balancesBefore.get(accountId), delta)));
            deltas.values().removeIf(delta -> delta == 0);
            BalanceUpdates.addToMembers(jdbc, deltas);
            return after;
        }

        /** The events inserted by this batch and not withdrawn, with their legs' ids, in the order given. */
        public Map<Movement.EventKey, List<Long>> posted() {
            Map<Movement.EventKey, List<Long>> posted = new LinkedHashMap<>();
            inserted.forEach((event, legs) -> posted.put(event, legs.stream().map(Inserted::id).toList()));
            return Collections.unmodifiableMap(posted);
        }

        private void forEachDelta(java.util.function.BiConsumer<Long, Long> action) {
            for (List<Inserted> legs : inserted.values()) {
                for (Inserted leg : legs) {
                    Movement m = leg.movement();
                    action.accept(m.debitAccountId(), -m.amountOre());
                    action.accept(m.creditAccountId(), m.amountOre());
                }
            }
        }
    }
}
