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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Movement;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.card.CardNumbers;

/**
 * Posts a chunk of sales through the ledger's posting primitive ({@link MovementWriter}): a sale is one
 * movement (member's or suspense account → the institution's sales account; a refund the other way)
 * carrying its card, items, file and line, so the hot path writes one row per sale. In the chunk's
 * transaction, in this order:
 * <ol>
 * <li>the chunk's movements inserted in key order (terminal:sale id), {@code on conflict do nothing}: a sale
 * whose key was posted before — by an earlier file, or by a concurrent run that has just committed it — is a
 * DUPLICATE. The unique key decides, not a look-up, so two runs with the same sale can overlap safely;</li>
 * <li>the system accounts' side (suspense, sales accounts: sharded balances), then the chunk's member
 * accounts locked in id order (no deadlock with the portal or another run) and what they spent that day
 * read — after the lock, so a concurrent chunk for the same member has committed;</li>
 * <li>flags per sale ({@link SaleFlags}), in file order, against the running balance and the day's spend;</li>
 * <li>one balance change per member account, the flags, and the rejected and duplicate sales for the receipt.</li>
 * </ol>
 */
public class SalePostingWriter implements ItemWriter<Sale> {

    static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final MovementWriter movements;
    private final String fileSha256;
    /** The file's compact id on every sale it posts (sales_file), made at the first chunk. */
    private Long salesFileId;
    /** institution_no → (type, sales account id); institutions are few and do not change type during a run. */
    private final Map<String, Institution> institutions = new HashMap<>();

    public SalePostingWriter(JdbcTemplate jdbc, Accounts accounts, MovementWriter movements, String fileSha256) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.movements = movements;
        this.fileSha256 = fileSha256;
    }

    private record Institution(String type, long salesAccountId) {
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
        forgetWhatARollbackUndoes();
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
        Map<String, SaleFlags.Card> cards = cards(candidates);
        long suspenseId = accounts.systemAccountId(SystemAccount.SUSPENSE);
        List<Posting> postings = new ArrayList<>(candidates.size());
        for (Sale sale : candidates) {
            Institution institution = institution(sale.institutionNo());
            if (institution == null) {
                rejects.add(new Reject(sale, "REJECTED", "line " + sale.firstLine() + ": institution_no " + sale.institutionNo()
                        + " is not an institution cardoffice knows (none of the enrolment files named it)"));
                continue;
            }
            SaleFlags.Card card = CardNumbers.isValid(sale.cardNumber()) ? cards.get(sale.cardNumber()) : null;
            Posting posting = new Posting(sale, card == null ? suspenseId : card.accountId(), institution);
            String cardFlag = SaleFlags.ofCard(card, posting.soldAt);
            if (cardFlag != null) {
                posting.flags.add(cardFlag);
            }
            postings.add(posting);
        }

        MovementWriter.Batch batch = movements.begin();
        Map<Movement.EventKey, Long> ids = batch.insert(movements(postings));
        List<Sale> postedBefore = new ArrayList<>();
        postings.removeIf(p -> {
            Long id = ids.get(new Movement.EventKey(Movement.keySpace(TransactionType.SALE), p.sale.businessKey()));
            if (id == null) {
                postedBefore.add(p.sale);
                return true;
            }
            p.transactionId = id;
            return false;
        });
        rejects.addAll(duplicates(postedBefore));
        Map<Long, Long> balances = batch.lockMembers();
        Map<String, Long> limits = dailyLimits(postings, suspenseId);
        SaleFlags flags = new SaleFlags(balances, limits, spentBefore(postings, suspenseId, limits));
        for (Posting p : postings) {
            if (p.accountId != suspenseId) {
                p.flags.addAll(flags.judge(p.accountId, p.institution.type(), p.sale.soldAt().toLocalDate(), p.sale.isRefund(), p.sale.amountOre()));
            }
        }
        batch.finish();
        insertFlags(postings);
        insertRejects(rejects);
    }

    /**
     * One movement per sale: from the member's (or suspense) account to the institution's sales account, a refund back. No
     * description: the statement writes a sale's line from its items.
     */
    private List<Movement> movements(List<Posting> postings) {
        List<Movement> rows = new ArrayList<>(postings.size());
        for (Posting p : postings) {
            Sale s = p.sale;
            Movement.SaleDetail detail = new Movement.SaleDetail(s.institutionNo(), p.institution.type(), s.cardNumber(), s.itemsRecord(),
                    salesFileId(), (int) s.firstLine());
            long member = p.accountId;
            long sales = p.institution.salesAccountId();
            rows.add(new Movement(s.isRefund() ? TransactionType.REFUND : TransactionType.SALE, s.businessKey(), 1, s.isRefund() ? sales : member,
                    s.isRefund() ? member : sales, s.amountOre(), p.soldAt.toInstant(), null, null, detail));
        }
        return rows;
    }

    /**
     * The file's id and an institution's new sales account may be made in this chunk's transaction: if it rolls back, so do
     * their rows, and the next chunk must make them again rather than point its sales at rows that are gone.
     */
    private void forgetWhatARollbackUndoes() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        salesFileId = null;
                        institutions.clear();
                    }
                }
            });
        }
    }

    private long salesFileId() {
        if (salesFileId == null) {
            jdbc.update("insert into sales_file (file_sha256) values (?) on conflict do nothing", fileSha256);
            salesFileId = jdbc.queryForObject("select id from sales_file where file_sha256 = ?", Long.class, fileSha256);
        }
        return salesFileId;
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
        jdbc.query("select business_key, line_no, items from movement where business_key = any(?) and key_space = 'SALE' and sales_file_id = ?",
                rs -> {
                    fromThisFile.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3)});
                }, SqlArrays.varchars(sales.stream().map(Sale::businessKey).toList()), salesFileId());
        List<Reject> rejects = new ArrayList<>(sales.size());
        for (Sale sale : sales) {
            Object[] first = fromThisFile.get(sale.businessKey());
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

    private Map<String, SaleFlags.Card> cards(List<Sale> sales) {
        Set<String> numbers = new HashSet<>();
        for (Sale sale : sales) {
            numbers.add(sale.cardNumber());
        }
        Map<String, SaleFlags.Card> cards = new HashMap<>();
        if (!numbers.isEmpty()) {
            // one query: a card and its ended block periods (most cards have none)
            jdbc.query("""
                    select c.card_number, c.account_id, c.status, c.blocked_at, p.blocked_at, p.unblocked_at
                    from card c left join card_block_period p on p.card_id = c.id where c.card_number = any(?)""", rs -> {
                SaleFlags.Card card = cards.get(rs.getString(1));
                if (card == null) {
                    card = new SaleFlags.Card(rs.getLong(2), !rs.getString(3).equals("ACTIVE"), rs.getObject(4, OffsetDateTime.class), new ArrayList<>(1));
                    cards.put(rs.getString(1), card);
                }
                OffsetDateTime unblocked = rs.getObject(6, OffsetDateTime.class);
                if (unblocked != null) {
                    card.pastBlocks().add(new OffsetDateTime[] {rs.getObject(5, OffsetDateTime.class), unblocked});
                }
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

    /** The daily limits of the chunk's members ("account id:institution type" → øre); only members with a limit are looked up later. */
    private Map<String, Long> dailyLimits(List<Posting> postings, long suspenseId) {
        Set<Long> accountIds = new HashSet<>();
        for (Posting p : postings) {
            if (p.accountId != suspenseId) {
                accountIds.add(p.accountId);
            }
        }
        Map<String, Long> limits = new HashMap<>();
        if (!accountIds.isEmpty()) {
            jdbc.query("select account_id, institution_type, limit_ore from daily_limit where account_id = any(?) and limit_ore is not null",
                    rs -> {
                        limits.put(rs.getLong(1) + ":" + rs.getString(2), rs.getLong(3));
                    }, SqlArrays.bigints(accountIds));
        }
        return limits;
    }

    /**
     * What the chunk's members with a daily limit spent on the chunk's Copenhagen days, from any file, before this
     * chunk (whose own movements are in the table already and left out).
     */
    private Map<SaleFlags.DayKey, Long> spentBefore(List<Posting> postings, long suspenseId, Map<String, Long> limits) {
        Map<SaleFlags.DayKey, Long> spent = new HashMap<>();
        Set<Long> limited = new HashSet<>();
        Set<LocalDate> days = new HashSet<>();
        for (Posting p : postings) {
            if (p.accountId != suspenseId && limits.containsKey(p.accountId + ":" + p.institution.type())) {
                limited.add(p.accountId);
                days.add(p.sale.soldAt().toLocalDate());
            }
        }
        if (limited.isEmpty()) {
            return spent;
        }
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        jdbc.query("""
                select member_account_id, booked_at, institution_type, type, amount from movement
                where member_account_id = any(?) and booked_at >= ? and booked_at < ? and key_space = 'SALE' and not (id = any(?))""", rs -> {
            LocalDate day = rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(COPENHAGEN).toLocalDate();
            if (days.contains(day)) {
                long amount = rs.getString(4).equals("SALE") ? rs.getLong(5) : -rs.getLong(5);
                spent.merge(new SaleFlags.DayKey(rs.getLong(1), day, rs.getString(3)), amount, Math::addExact);
            }
        }, SqlArrays.bigints(limited), first.atStartOfDay(COPENHAGEN).toOffsetDateTime(), last.plusDays(1).atStartOfDay(COPENHAGEN).toOffsetDateTime(),
                SqlArrays.bigints(postings.stream().map(p -> p.transactionId).toList()));
        return spent;
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
        int n = rejects.size();
        Object[][] columns = new Object[5][n];
        for (int i = 0; i < n; i++) {
            Reject r = rejects.get(i);
            String message = r.message().length() <= 2000 ? r.message() : r.message().substring(0, 1999) + "…";
            String saleId = r.sale().saleId().length() <= 60 ? r.sale().saleId() : r.sale().saleId().substring(0, 60);
            columns[0][i] = fileSha256;
            columns[1][i] = (int) r.sale().firstLine();
            columns[2][i] = saleId;
            columns[3][i] = r.status();
            columns[4][i] = message;
        }
        // on conflict: the same content launched a second time from another path reports what the first run found
        SqlArrays.executeWithColumns(jdbc, """
                insert into sale_reject (file_sha256, line_no, sale_id, status, message) select * from unnest(?, ?, ?, ?, ?)
                on conflict do nothing""", new String[] {"varchar", "integer", "varchar", "varchar", "varchar"}, columns);
    }
}
