package dk.cardoffice.batch.settlement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.Posting;
import dk.cardoffice.ledger.PostgresCopy;
import dk.cardoffice.ledger.PostingResult;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.batch.settlement.SettlementOutcomes.Deposit;

/**
 * Reconciles a chunk of settlement lines against the deposits the portal recorded (contract §5) and
 * posts what the acquirer paid, in the chunk's transaction:
 * <ul>
 * <li>a CAPTURE of a recorded order: MATCHED (same amount) or AMOUNT_MISMATCH (the settled amount is
 * posted; the difference stays open on the acquirer's receivable for finance). All of a chunk's matched
 * captures are one SETTLEMENT transaction: receivable → bank, fees → fee expense;</li>
 * <li>a CAPTURE nobody recorded (UNKNOWN_ORDER), or of an order captured before under another acquirer
 * transaction (DUPLICATE: the parent paid twice): its own transaction, suspense → bank, for finance to
 * refund or allocate;</li>
 * <li>a REFUND or CHARGEBACK: its own transaction taking the amount from the member's account (it may go
 * below zero: flagged OVERDRAWN) and from the bank; what exceeds the deposit not yet reversed comes from
 * suspense instead (AMOUNT_MISMATCH, or DUPLICATE once the deposit was reversed in full);</li>
 * <li>an acquirer transaction reported before (in an earlier file, or twice in this one): DUPLICATE,
 * nothing posted — the same money is never booked twice.</li>
 * </ul>
 * Every line is stored with its outcome, keyed by (file, line): a restarted or relaunched run finds the
 * lines it posted and skips them. Chunks of overlapping runs take turns (job_lock), so a transaction or
 * order in two files is judged by the second run after the first committed it.
 */
public class SettlementReconciler implements ItemWriter<SettlementLine> {

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;
    private final String fileSha256;
    private final String fileName;
    private final Clock clock;
    /** The file's file_registry id (the job's listener registered it before the first step). */
    private Long fileId;

    public SettlementReconciler(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, String fileSha256, String fileName, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
        this.fileSha256 = fileSha256;
        this.fileName = fileName;
        this.clock = clock;
    }

    /** What became of one line. */
    private static final class Result {
        final SettlementLine line;
        String outcome;
        String message;
        String flags;
        Long depositId;
        Long transactionId;
        /** The member account a refund or chargeback takes money from, to flag it when it ends below zero. */
        Long memberAccountId;

        Result(SettlementLine line) {
            this.line = line;
        }
    }

    @Override
    public void write(Chunk<? extends SettlementLine> chunk) {
        // one lock per acquirer: a Worldline and a Nets file share no transaction ids, and an order's deposit is settled only by
        // its own acquirer's lines, so the two run side by side
        jdbc.queryForObject("select name from job_lock where name = ? for update", String.class, lockName(chunk.getItems().get(0).acquirer()));
        List<SettlementLine> lines = notStoredYet(chunk.getItems());
        if (lines.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Deposit> deposits = deposits(lines);
        Map<String, Object> reported = reportedBefore(lines);
        Set<String> captured = capturedBefore(lines, deposits);
        SettlementOutcomes outcomes = new SettlementOutcomes(reported, captured, this::accountNo);
        List<LedgerTransaction> toPost = new ArrayList<>();
        List<List<Result>> postedBy = new ArrayList<>();

        List<Result> results = new ArrayList<>(lines.size());
        List<Result> matched = new ArrayList<>();
        for (SettlementLine line : lines) {
            Result r = new Result(line);
            results.add(r);
            Deposit recorded = deposits.get(line.orderId());
            r.depositId = recorded == null ? null : recorded.id();
            SettlementOutcomes.Decision decision = outcomes.judge(line, recorded);
            r.outcome = decision.outcome();
            r.message = decision.message();
            switch (decision.posting()) {
                case NONE -> {
                }
                case WITH_THE_CAPTURES -> matched.add(r);
                case OWN -> own(line.isCapture() ? TransactionType.SETTLEMENT
                        : line.type().equals("CHARGEBACK") ? TransactionType.CHARGEBACK : TransactionType.DEPOSIT_REFUND, line, now,
                        decision.deposit(), decision.fromMember(), r, toPost, postedBy);
            }
        }
        Map<Long, Long> reversedNow = outcomes.reversedNow();
        matched(matched, now, toPost, postedBy);
        post(toPost, postedBy);
        recordReversals(reversedNow);
        insertLines(results, now);
        addToPayouts(results);
    }

    /**
     * Adds the chunk's lines to their payouts' settlement_batch rows (one per payout reference of the file), in the chunk's
     * transaction: the totals always agree with the stored lines, also after a crash, without reading the lines again.
     */
    private void addToPayouts(List<Result> results) {
        Map<String, long[]> payouts = new java.util.TreeMap<>();
        Map<String, SettlementLine> firstOf = new HashMap<>();
        for (Result r : results) {
            SettlementLine l = r.line;
            firstOf.putIfAbsent(l.payoutReference(), l);
            long[] t = payouts.computeIfAbsent(l.payoutReference(), p -> new long[9]);
            t[0]++;
            t[1] += l.signedOre();
            t[2] += l.feeOre();
            t[3] += l.netOre();
            t[4] += r.transactionId == null ? 0 : l.netOre();
            t[switch (r.outcome) {
                case "MATCHED" -> 5;
                case "AMOUNT_MISMATCH" -> 6;
                case "UNKNOWN_ORDER" -> 7;
                default -> 8;
            }]++;
        }
        int n = payouts.size();
        Object[][] c = new Object[14][n];
        int i = 0;
        for (Map.Entry<String, long[]> p : payouts.entrySet()) {
            SettlementLine first = firstOf.get(p.getKey());
            long[] t = p.getValue();
            Object[] row = {fileSha256, p.getKey(), fileName, first.acquirer(), first.settlementDate(), (int) t[0], t[1], t[2], t[3], t[4], (int) t[5],
                    (int) t[6], (int) t[7], (int) t[8]};
            for (int col = 0; col < row.length; col++) {
                c[col][i] = row[col];
            }
            i++;
        }
        SqlArrays.executeWithColumns(jdbc, """
                merge into settlement_batch b
                using (select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)) as u(file_sha256, payout_reference, file_name, acquirer,
                        settlement_date, line_count, gross_ore, fee_ore, net_ore, posted_net_ore, matched, amount_mismatch, unknown_order, duplicate)
                on b.file_sha256 = u.file_sha256 and b.payout_reference = u.payout_reference
                when matched then update set line_count = b.line_count + u.line_count, gross_ore = b.gross_ore + u.gross_ore,
                    fee_ore = b.fee_ore + u.fee_ore, net_ore = b.net_ore + u.net_ore, posted_net_ore = b.posted_net_ore + u.posted_net_ore,
                    matched = b.matched + u.matched, amount_mismatch = b.amount_mismatch + u.amount_mismatch,
                    unknown_order = b.unknown_order + u.unknown_order, duplicate = b.duplicate + u.duplicate
                when not matched then insert (file_sha256, payout_reference, file_name, acquirer, settlement_date, line_count, gross_ore, fee_ore,
                    net_ore, posted_net_ore, matched, amount_mismatch, unknown_order, duplicate)
                values (u.file_sha256, u.payout_reference, u.file_name, u.acquirer, u.settlement_date, u.line_count, u.gross_ore, u.fee_ore,
                    u.net_ore, u.posted_net_ore, u.matched, u.amount_mismatch, u.unknown_order, u.duplicate)""",
                new String[] {"varchar", "varchar", "varchar", "varchar", "date", "integer", "bigint", "bigint", "bigint", "bigint", "integer", "integer",
                        "integer", "integer"}, c);
    }

    /**
     * The chunk's transactions in one batch: the ledger takes each account's row lock once, in id order, so a
     * Worldline and a Nets chunk running side by side (and sales, and the portal) cannot deadlock.
     */
    private void post(List<LedgerTransaction> toPost, List<List<Result>> postedBy) {
        if (toPost.isEmpty()) {
            return;
        }
        List<PostingResult> posted = ledger.postAll(toPost);
        for (int i = 0; i < toPost.size(); i++) {
            if (!(posted.get(i) instanceof PostingResult.Posted p)) {
                throw new IllegalStateException(toPost.get(i).businessKey() + " of file " + fileSha256 + " was posted before but its lines were not stored");
            }
            for (Result r : postedBy.get(i)) {
                r.transactionId = p.transactionId();
                if (r.memberAccountId != null && p.balanceAfter(r.memberAccountId) < 0) {
                    r.flags = "OVERDRAWN";
                }
            }
        }
    }

    static String lockName(String acquirer) {
        return SettlementReconciliationJobConfig.JOB_NAME + ":" + acquirer;
    }

    private long fileId() {
        if (fileId == null) {
            fileId = jdbc.queryForObject("select id from file_registry where feed = ? and sha256 = ? and original = true", Long.class,
                    SettlementReconciliationJobConfig.FEED, fileSha256);
        }
        return fileId;
    }

    /** The lines of the chunk this file has not stored yet (all of them, unless the same content is launched again). */
    private List<SettlementLine> notStoredYet(List<? extends SettlementLine> items) {
        List<Long> numbers = items.stream().map(SettlementLine::lineNo).toList();
        Set<Long> stored = new HashSet<>(jdbc.queryForList("select line_no from settlement_line where file_id = ? and line_no = any(?)",
                Long.class, fileId(), SqlArrays.bigints(numbers)));
        return items.stream().filter(l -> !stored.contains(l.lineNo())).map(l -> (SettlementLine) l).toList();
    }

    private Map<String, Deposit> deposits(List<SettlementLine> lines) {
        Map<String, Deposit> deposits = new HashMap<>();
        jdbc.query("select order_id, id, account_id, amount_ore, acquirer, reversed_ore from deposit where order_id = any(?)",
                rs -> {
                    deposits.put(rs.getString(1), new Deposit(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getLong(6)));
                }, SqlArrays.varchars(distinct(lines, SettlementLine::orderId)));
        return deposits;
    }

    /** Only for the messages of refunds and chargebacks: a few per file. */
    private String accountNo(long accountId) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, accountId);
    }

    /** acquirer:transaction id → where it was reported before, for the chunk's transactions. */
    private Map<String, Object> reportedBefore(List<SettlementLine> lines) {
        Map<String, Object> reported = new HashMap<>();
        jdbc.query("""
                select transaction_id, payout_reference, line_no from settlement_line where acquirer = ? and transaction_id = any(?)""", rs -> {
            reported.putIfAbsent(lines.get(0).acquirer() + ":" + rs.getString(1), "payout " + rs.getString(2) + " line " + rs.getLong(3));
        }, lines.get(0).acquirer(), SqlArrays.varchars(distinct(lines, SettlementLine::transactionId)));
        return reported;
    }

    /**
     * The chunk's orders a CAPTURE line settled before: for a deposit of this acquirer, its capture that matched (MATCHED or
     * AMOUNT_MISMATCH); for an order without one (unknown, or recorded for the other acquirer), any capture of it.
     */
    private Set<String> capturedBefore(List<SettlementLine> lines, Map<String, Deposit> deposits) {
        Set<String> captured = new HashSet<>();
        jdbc.query("select order_id, deposit_id, outcome from settlement_line where type = 'CAPTURE' and order_id = any(?)", rs -> {
            String orderId = rs.getString(1);
            Deposit d = deposits.get(orderId);
            boolean usable = d != null && d.acquirer().equals(lines.get(0).acquirer());
            long depositId = rs.getLong(2);
            boolean settledIt = !rs.wasNull() && usable && depositId == d.id() && !rs.getString(3).equals("UNKNOWN_ORDER")
                    && !rs.getString(3).equals("DUPLICATE");
            if (settledIt || !usable) {
                captured.add(orderId);
            }
        }, SqlArrays.varchars(distinct(lines, SettlementLine::orderId)));
        return captured;
    }

    private static List<String> distinct(List<SettlementLine> lines, java.util.function.Function<SettlementLine, String> field) {
        return new ArrayList<>(new LinkedHashSet<>(lines.stream().map(field).toList()));
    }

    /**
     * One line as its own transaction: the bank gets the line's net, fee expense its fee, and the amount
     * comes from (or, for a capture, goes to) the member's account up to {@code fromMember} and the suspense
     * account for the rest.
     */
    private void own(TransactionType type, SettlementLine line, Instant now, Deposit deposit, long fromMember, Result r,
            List<LedgerTransaction> toPost, List<List<Result>> postedBy) {
        List<Posting> legs = new ArrayList<>(4);
        add(legs, accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK), -line.netOre());
        add(legs, accounts.systemAccountId(SystemAccount.FEE_EXPENSE), -line.feeOre());
        long counter = line.signedOre();
        if (deposit != null && fromMember > 0) {
            add(legs, deposit.accountId(), -fromMember);
            counter += fromMember;
            r.memberAccountId = deposit.accountId();
        }
        add(legs, accounts.systemAccountId(SystemAccount.SUSPENSE), counter);
        toPost.add(new LedgerTransaction(type, fileSha256 + ":line:" + line.lineNo(), now, descriptionOf(line), null, legs));
        postedBy.add(List.of(r));
    }

    /** The matched captures of the chunk as one transaction: receivable → bank, fees → fee expense. */
    private void matched(List<Result> matched, Instant now, List<LedgerTransaction> toPost, List<List<Result>> postedBy) {
        if (matched.isEmpty()) {
            return;
        }
        SettlementLine first = matched.get(0).line;
        long gross = 0;
        long fees = 0;
        for (Result r : matched) {
            gross += r.line.amountOre();
            fees += r.line.feeOre();
        }
        SystemAccount receivable = first.acquirer().equals("NETS") ? SystemAccount.ACQUIRER_NETS : SystemAccount.ACQUIRER_WORLDLINE;
        List<Posting> legs = new ArrayList<>(3);
        add(legs, accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK), -(gross - fees));
        add(legs, accounts.systemAccountId(SystemAccount.FEE_EXPENSE), -fees);
        add(legs, accounts.systemAccountId(receivable), gross);
        String key = fileSha256 + ":lines:" + first.lineNo() + "-" + matched.get(matched.size() - 1).line.lineNo();
        toPost.add(new LedgerTransaction(TransactionType.SETTLEMENT, key, now,
                "Afregning " + first.acquirer() + " " + matched.size() + " indbetalinger, udbetaling " + first.payoutReference(), null, legs));
        postedBy.add(matched);
    }

    private static void add(List<Posting> legs, long accountId, long amount) {
        if (amount != 0) {
            legs.add(new Posting(accountId, amount));
        }
    }

    private static String descriptionOf(SettlementLine line) {
        String what = switch (line.type()) {
            case "CHARGEBACK" -> "Tilbageførsel";
            case "REFUND" -> "Refusion";
            default -> "Afregning";
        };
        return what + " " + line.acquirer() + " ordre " + line.orderId() + " (" + line.transactionId() + ")";
    }

    /** What refunds and chargebacks took back of each deposit (a few rows per file). A settled deposit needs no write: its line says it. */
    private void recordReversals(Map<Long, Long> reversed) {
        List<Object[]> reversals = reversed.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> new Object[] {e.getValue(), e.getKey()}).toList();
        if (!reversals.isEmpty()) {
            jdbc.batchUpdate("update deposit set reversed_ore = reversed_ore + ? where id = ?", reversals);
        }
    }

    private static final String LINE_COLUMNS = """
            file_id, line_no, acquirer, settlement_date, payout_reference, transaction_id, order_id, transaction_time, card_brand, type,
            amount_ore, fee_ore, outcome, message, flags, deposit_id, ledger_transaction_id, reconciled_at""";

    /**
     * The chunk's lines in one statement: PostgreSQL's COPY where there is one (this table takes a row per settled top-up;
     * the benchmark went from 29.4 to 27.2 s with it, docs/performance.md), otherwise {@code insert ... select from unnest(...)}.
     */
    private void insertLines(List<Result> results, Instant now) {
        int n = results.size();
        Object[][] c = new Object[18][n];
        OffsetDateTime reconciledAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        for (int i = 0; i < n; i++) {
            Result r = results.get(i);
            SettlementLine l = r.line;
            c[0][i] = fileId();
            c[1][i] = (int) l.lineNo();
            c[2][i] = l.acquirer();
            c[3][i] = l.settlementDate();
            c[4][i] = l.payoutReference();
            c[5][i] = l.transactionId();
            c[6][i] = l.orderId();
            c[7][i] = OffsetDateTime.ofInstant(l.transactionTime(), ZoneOffset.UTC);
            c[8][i] = l.cardBrand();
            c[9][i] = l.type();
            c[10][i] = l.amountOre();
            c[11][i] = l.feeOre();
            c[12][i] = r.outcome;
            c[13][i] = r.message;
            c[14][i] = r.flags;
            c[15][i] = r.depositId;
            c[16][i] = r.transactionId;
            c[17][i] = reconciledAt;
        }
        if (PostgresCopy.copyIn(jdbc, "settlement_line (" + LINE_COLUMNS + ")", c)) {
            return;
        }
        SqlArrays.executeWithColumns(jdbc, "insert into settlement_line (" + LINE_COLUMNS + ") select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"bigint", "integer", "varchar", "date", "varchar", "varchar", "varchar", "timestamptz", "varchar", "varchar", "bigint",
                        "bigint", "varchar", "varchar", "varchar", "bigint", "bigint", "timestamptz"}, c);
    }
}
