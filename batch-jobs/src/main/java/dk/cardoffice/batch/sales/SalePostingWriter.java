package dk.cardoffice.batch.sales;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.BalanceUpdates;
import dk.cardoffice.ledger.JdbcLedger;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.card.CardNumbers;

/**
 * Posts a chunk of sales to the ledger in a handful of set-based statements (the hot path of the
 * system): the chunk's transactions, postings and sale rows each inserted with one
 * {@code insert ... select from unnest(...)}, one balance update per account per chunk, card and limit
 * lookups with one query each. In the chunk's transaction, in this order:
 * <ol>
 * <li>claim the business keys (terminal:sale id): the transactions are inserted first, in key order,
 * {@code on conflict do nothing}; a sale whose key was posted before — by an earlier file, or by a
 * concurrent run that has just committed it — is a DUPLICATE. The unique constraint decides, not a
 * look-up, so two runs with the same sale can overlap safely;</li>
 * <li>the system accounts' side (suspense, sales accounts: sharded balances), then lock the chunk's
 * member accounts in id order (no deadlock with the portal or another run), then read what they spent
 * that day — after the lock, so a concurrent chunk for the same member has committed;</li>
 * <li>flags per sale, in file order, against the running balance and the running day's spend;</li>
 * <li>one balance change per member account, postings, sale rows, flags, and the rejected and
 * duplicate sales for the receipt.</li>
 * </ol>
 */
public class SalePostingWriter implements ItemWriter<Sale> {

    static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final String fileSha256;
    /** institution_no → (type, sales account id); institutions are few and do not change type during a run. */
    private final Map<String, Institution> institutions = new HashMap<>();

    public SalePostingWriter(JdbcTemplate jdbc, Accounts accounts, String fileSha256) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.fileSha256 = fileSha256;
    }

    private record Institution(String type, long salesAccountId) {
    }

    /** A card, its current block (if any) and the block periods that have ended. */
    private record Card(long accountId, boolean blocked, OffsetDateTime blockedAt, List<OffsetDateTime[]> pastBlocks) {

        /** Was the card blocked at that moment? A block without a start time counts from the beginning. */
        boolean blockedAt(OffsetDateTime moment) {
            if (blocked && (blockedAt == null || !blockedAt.isAfter(moment))) {
                return true;
            }
            for (OffsetDateTime[] period : pastBlocks) {
                if ((period[0] == null || !period[0].isAfter(moment)) && period[1].isAfter(moment)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record DayKey(long accountId, LocalDate day, String institutionType) {
    }

    /** A sale that will be posted now, with where its money goes and what finance must look at. */
    private static final class Posting {
        final Sale sale;
        final long accountId;
        final Institution institution;
        final OffsetDateTime soldAt;
        final List<String> flags = new ArrayList<>(1);
        long transactionId;

        Posting(Sale sale, long accountId, Institution institution) {
            this.sale = sale;
            this.accountId = accountId;
            this.institution = institution;
            this.soldAt = sale.soldAt().atZone(COPENHAGEN).toOffsetDateTime();
        }

        /** What the member's (or suspense) account gains: negative for a sale. */
        long memberDelta() {
            return sale.isRefund() ? sale.amountOre() : -sale.amountOre();
        }
    }

    private record Reject(Sale sale, String status, String message) {
    }

    @Override
    public void write(Chunk<? extends Sale> chunk) {
        List<Reject> rejects = new ArrayList<>();
        List<Sale> candidates = new ArrayList<>(chunk.size());
        Map<String, Sale> firstWithKey = new HashMap<>();
        for (Sale sale : chunk.getItems()) {
            Sale first = sale.isRejected() ? null : firstWithKey.putIfAbsent(sale.businessKey(), sale);
            if (sale.isRejected()) {
                rejects.add(new Reject(sale, "REJECTED", String.join("; ", sale.problems())));
            } else if (first != null) {
                rejects.add(repeated(sale, first.firstLine(), first.itemsRecord()));
            } else {
                candidates.add(sale);
            }
        }
        openSalesAccounts(candidates);
        Map<String, Card> cards = cards(candidates);
        long suspenseId = accounts.systemAccountId(SystemAccount.SUSPENSE);
        List<Posting> postings = new ArrayList<>(candidates.size());
        for (Sale sale : candidates) {
            Institution institution = institution(sale.institutionNo());
            if (institution == null) {
                rejects.add(new Reject(sale, "REJECTED", "line " + sale.firstLine() + ": institution_no " + sale.institutionNo()
                        + " is not an institution cardoffice knows (none of the enrolment files named it)"));
                continue;
            }
            Card card = CardNumbers.isValid(sale.cardNumber()) ? cards.get(sale.cardNumber()) : null;
            Posting posting = new Posting(sale, card == null ? suspenseId : card.accountId(), institution);
            if (card == null) {
                posting.flags.add("UNKNOWN_CARD");
            } else if (card.blockedAt(posting.soldAt)) {
                posting.flags.add("BLOCKED_CARD");
            }
            postings.add(posting);
        }

        Map<String, Long> transactionIds = insertTransactions(postings);
        List<Sale> postedBefore = new ArrayList<>();
        postings.removeIf(p -> {
            Long id = transactionIds.get(p.sale.businessKey());
            if (id == null) {
                postedBefore.add(p.sale);
                return true;
            }
            p.transactionId = id;
            return false;
        });
        rejects.addAll(duplicates(postedBefore));
        updateSystemAccounts(postings, suspenseId);
        Map<Long, Long> balances = lockMemberAccounts(postings, suspenseId);
        flagDailyLimits(postings, suspenseId);
        flagOverdrawn(postings, balances, suspenseId);
        updateBalances(postings, suspenseId);
        insertPostings(postings);
        insertSales(postings);
        insertFlags(postings);
        insertRejects(rejects);
    }

    /**
     * The same sale id again: a DUPLICATE when it is the same sale (a terminal sending it again), but
     * when this file posted other items under that id earlier, its lines were not together and this
     * part is REJECTED, so the operator sees that the posted sale is incomplete.
     */
    private Reject repeated(Sale sale, long firstLine, String firstItems) {
        if (firstLine > 0 && !firstItems.equals(sale.itemsRecord())) {
            return new Reject(sale, "REJECTED", "line " + sale.firstLine() + ": the lines of sale " + sale.saleId() + " are not together: its lines"
                    + " from line " + firstLine + " were posted as the sale, these were not; a sale's lines must follow each other");
        }
        return new Reject(sale, "DUPLICATE", "sale " + sale.saleId() + " of terminal " + sale.terminalId() + " was posted before; not posted again");
    }

    /** The sales whose key was posted before: compared with what was posted from this same file, if it was. */
    private List<Reject> duplicates(List<Sale> sales) {
        if (sales.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> fromThisFile = new HashMap<>();
        jdbc.query("select sale_id, line_no, items from sale where terminal_id = ? and sale_id = any(?) and file_sha256 = ?", rs -> {
            fromThisFile.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3)});
        }, sales.get(0).terminalId(), SqlArrays.varchars(sales.stream().map(Sale::saleId).toList()), fileSha256);
        List<Reject> rejects = new ArrayList<>(sales.size());
        for (Sale sale : sales) {
            Object[] first = fromThisFile.get(sale.saleId());
            if (first != null && (Long) first[0] == sale.firstLine()) {
                continue; // these very lines were posted from this content before (launched again): the receipt has them already
            }
            rejects.add(first == null ? repeated(sale, 0, "") : repeated(sale, (Long) first[0], (String) first[1]));
        }
        return rejects;
    }

    /**
     * Opens the sales accounts of institutions seen for the first time, in institution order, before
     * any other lock: two runs opening the same new accounts take them in the same order.
     */
    private void openSalesAccounts(List<Sale> sales) {
        new java.util.TreeSet<>(sales.stream().map(Sale::institutionNo).toList()).forEach(this::institution);
    }

    private Map<String, Card> cards(List<Sale> sales) {
        Set<String> numbers = new HashSet<>();
        for (Sale sale : sales) {
            numbers.add(sale.cardNumber());
        }
        Map<String, Card> cards = new HashMap<>();
        if (!numbers.isEmpty()) {
            jdbc.query("select card_number, account_id, status, blocked_at from card where card_number = any(?)", rs -> {
                cards.put(rs.getString(1), new Card(rs.getLong(2), !rs.getString(3).equals("ACTIVE"), rs.getObject(4, OffsetDateTime.class),
                        new ArrayList<>(0)));
            }, SqlArrays.varchars(numbers));
            jdbc.query("""
                    select c.card_number, p.blocked_at, p.unblocked_at from card_block_period p join card c on c.id = p.card_id
                    where c.card_number = any(?)""", rs -> {
                cards.get(rs.getString(1)).pastBlocks().add(new OffsetDateTime[] {rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class)});
            }, SqlArrays.varchars(numbers));
        }
        return cards;
    }

    private Institution institution(String institutionNo) {
        return institutions.computeIfAbsent(institutionNo, no -> {
            List<String> type = jdbc.queryForList("select type from institution where institution_no = ?", String.class, no);
            return type.isEmpty() ? null : new Institution(type.get(0), accounts.salesPayableAccountId(no));
        });
    }

    /** Takes the row locks of the chunk's member accounts in id order and returns their balances before this chunk. */
    private Map<Long, Long> lockMemberAccounts(List<Posting> postings, long suspenseId) {
        Set<Long> members = new HashSet<>();
        for (Posting p : postings) {
            if (p.accountId != suspenseId) {
                members.add(p.accountId);
            }
        }
        Map<Long, Long> balances = new HashMap<>();
        if (!members.isEmpty()) {
            jdbc.query("select id, balance from account where id = any(?) order by id for update", rs -> {
                balances.put(rs.getLong(1), rs.getLong(2));
            }, SqlArrays.bigints(members));
        }
        return balances;
    }

    /**
     * OVER_DAILY_LIMIT: the member's spend that Copenhagen day at that kind of institution passes
     * the limit set for it, counting what was posted that day from any file before this sale.
     * Refunds lower the day's spend. Only members with a limit are looked up.
     */
    private void flagDailyLimits(List<Posting> postings, long suspenseId) {
        Set<Long> accountIds = new HashSet<>();
        for (Posting p : postings) {
            if (p.accountId != suspenseId) {
                accountIds.add(p.accountId);
            }
        }
        if (accountIds.isEmpty()) {
            return;
        }
        Map<String, Long> limits = new HashMap<>();
        jdbc.query("select account_id, institution_type, limit_ore from daily_limit where account_id = any(?) and limit_ore is not null",
                rs -> {
                    limits.put(rs.getLong(1) + ":" + rs.getString(2), rs.getLong(3));
                }, SqlArrays.bigints(accountIds));
        if (limits.isEmpty()) {
            return;
        }
        Set<Long> limited = new HashSet<>();
        Set<LocalDate> days = new HashSet<>();
        for (Posting p : postings) {
            if (limits.containsKey(p.accountId + ":" + p.institution.type())) {
                limited.add(p.accountId);
                days.add(p.sale.soldAt().toLocalDate());
            }
        }
        Map<DayKey, Long> spent = new HashMap<>();
        jdbc.query("""
                select account_id, sale_day, institution_type, sum(case when type = 'SALE' then amount_ore else -amount_ore end)
                from sale where account_id = any(?) and sale_day = any(?) group by account_id, sale_day, institution_type""", rs -> {
            spent.put(new DayKey(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3)), rs.getLong(4));
        }, SqlArrays.bigints(limited), SqlArrays.dates(days));
        for (Posting p : postings) {
            Long limit = limits.get(p.accountId + ":" + p.institution.type());
            if (limit == null) {
                continue;
            }
            DayKey key = new DayKey(p.accountId, p.sale.soldAt().toLocalDate(), p.institution.type());
            long after = spent.getOrDefault(key, 0L) - p.memberDelta();
            spent.put(key, after);
            if (!p.sale.isRefund() && after > limit) {
                p.flags.add("OVER_DAILY_LIMIT");
            }
        }
    }

    /** OVERDRAWN: the balance is below zero after the sale, judged in file order as if posted one by one. */
    private static void flagOverdrawn(List<Posting> postings, Map<Long, Long> balances, long suspenseId) {
        for (Posting p : postings) {
            if (p.accountId == suspenseId) {
                continue;
            }
            long balance = balances.merge(p.accountId, p.memberDelta(), Math::addExact);
            if (!p.sale.isRefund() && p.sale.amountOre() > 0 && balance < 0) {
                p.flags.add("OVERDRAWN");
            }
        }
    }

    /**
     * The system accounts' side, before any member account is locked: suspense and the sales accounts,
     * in id order, each on one of its balance shards (few rows, many writers; see V4__balance_shards.sql).
     */
    private void updateSystemAccounts(List<Posting> postings, long suspenseId) {
        Map<Long, Long> deltas = new TreeMap<>();
        for (Posting p : postings) {
            if (p.accountId == suspenseId) {
                deltas.merge(suspenseId, p.memberDelta(), Math::addExact);
            }
            deltas.merge(p.institution.salesAccountId(), -p.memberDelta(), Math::addExact);
        }
        deltas.forEach((accountId, delta) -> {
            if (delta != 0) {
                addToShard(accountId, delta);
            }
        });
    }

    /** One balance change per member account: one MERGE for the chunk, the rows are locked already. */
    private void updateBalances(List<Posting> postings, long suspenseId) {
        Map<Long, Long> memberDeltas = new TreeMap<>();
        for (Posting p : postings) {
            if (p.accountId != suspenseId) {
                memberDeltas.merge(p.accountId, p.memberDelta(), Math::addExact);
            }
        }
        memberDeltas.values().removeIf(delta -> delta == 0);
        BalanceUpdates.addToMembers(jdbc, memberDeltas);
    }

    private void addToShard(long accountId, long delta) {
        BalanceUpdates.addToShard(jdbc, accountId, ThreadLocalRandom.current().nextInt(JdbcLedger.SHARDS), delta);
    }

    /** Inserts the transactions in key order; returns the ids of those inserted now (a key posted before gets none). */
    private Map<String, Long> insertTransactions(List<Posting> postings) {
        Map<String, Long> ids = new HashMap<>();
        if (postings.isEmpty()) {
            return ids;
        }
        int n = postings.size();
        String[] types = new String[n];
        String[] keys = new String[n];
        OffsetDateTime[] bookedAt = new OffsetDateTime[n];
        String[] descriptions = new String[n];
        for (int i = 0; i < n; i++) {
            Posting p = postings.get(i);
            types[i] = p.sale.type();
            keys[i] = p.sale.businessKey();
            bookedAt[i] = p.soldAt;
            descriptions[i] = p.sale.itemsText();
        }
        // a sale is posted once, ever: a REFUND may not reuse a SALE's key either, so both types are checked
        SqlArrays.insertWithColumns(jdbc, """
                insert into ledger_transaction (type, business_key, booked_at, description)
                select u.type, u.business_key, u.booked_at, u.description from unnest(?, ?, ?, ?) as u(type, business_key, booked_at, description)
                where not exists (select 1 from ledger_transaction t
                                  where t.type = case u.type when 'SALE' then 'REFUND' else 'SALE' end and t.business_key = u.business_key)
                order by u.business_key
                on conflict do nothing""", new String[] {"varchar", "varchar", "timestamptz", "varchar"},
                new Object[][] {types, keys, bookedAt, descriptions}, new String[] {"id", "business_key"},
                rs -> ids.put(rs.getString(2), rs.getLong(1)));
        return ids;
    }

    private void insertPostings(List<Posting> postings) {
        List<Long> transactions = new ArrayList<>(postings.size() * 2);
        List<Long> accountIds = new ArrayList<>(postings.size() * 2);
        List<Long> amounts = new ArrayList<>(postings.size() * 2);
        for (Posting p : postings) {
            if (p.sale.amountOre() == 0) {
                continue; // a free item moves no money: the transaction has no postings
            }
            transactions.add(p.transactionId);
            accountIds.add(p.accountId);
            amounts.add(p.memberDelta());
            transactions.add(p.transactionId);
            accountIds.add(p.institution.salesAccountId());
            amounts.add(-p.memberDelta());
        }
        if (transactions.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "insert into posting (transaction_id, account_id, amount) select * from unnest(?, ?, ?)")) {
                ps.setArray(1, SqlArrays.column(connection, "bigint", transactions.toArray()));
                ps.setArray(2, SqlArrays.column(connection, "bigint", accountIds.toArray()));
                ps.setArray(3, SqlArrays.column(connection, "bigint", amounts.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    private void insertSales(List<Posting> postings) {
        if (postings.isEmpty()) {
            return;
        }
        int n = postings.size();
        Object[][] columns = new Object[15][n];
        for (int i = 0; i < n; i++) {
            Posting p = postings.get(i);
            Sale s = p.sale;
            columns[0][i] = p.transactionId;
            columns[1][i] = s.terminalId();
            columns[2][i] = s.saleId();
            columns[3][i] = s.type();
            columns[4][i] = s.institutionNo();
            columns[5][i] = p.institution.type();
            columns[6][i] = s.cardNumber();
            columns[7][i] = p.accountId;
            columns[8][i] = s.amountOre();
            columns[9][i] = p.soldAt;
            columns[10][i] = s.soldAt().toLocalDate();
            columns[11][i] = s.itemsRecord();
            columns[12][i] = p.flags.isEmpty() ? null : String.join(",", p.flags);
            columns[13][i] = fileSha256;
            columns[14][i] = (int) s.firstLine();
        }
        String[] types = {"bigint", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "bigint", "bigint", "timestamptz", "date",
                "varchar", "varchar", "varchar", "integer"};
        SqlArrays.executeWithColumns(jdbc, """
                insert into sale (transaction_id, terminal_id, sale_id, type, institution_no, institution_type, card_number, account_id,
                                  amount_ore, sold_at, sale_day, items, flags, file_sha256, line_no)
                select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", types, columns);
    }

    private void insertFlags(List<Posting> postings) {
        List<Object[]> flags = new ArrayList<>();
        for (Posting p : postings) {
            for (String flag : p.flags) {
                flags.add(new Object[] {p.transactionId, flag});
            }
        }
        if (!flags.isEmpty()) {
            jdbc.batchUpdate("insert into sale_flag (transaction_id, flag) values (?, ?)", flags);
        }
    }

    private void insertRejects(List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(rejects.size());
        for (Reject r : rejects) {
            String message = r.message().length() <= 2000 ? r.message() : r.message().substring(0, 1999) + "…";
            String saleId = r.sale().saleId().length() <= 60 ? r.sale().saleId() : r.sale().saleId().substring(0, 60);
            rows.add(new Object[] {fileSha256, (int) r.sale().firstLine(), saleId, r.status(), message});
        }
        // on conflict: the same content launched a second time from another path reports what the first run found
        jdbc.batchUpdate("insert into sale_reject (file_sha256, line_no, sale_id, status, message) values (?, ?, ?, ?, ?) on conflict do nothing", rows);
    }
}
