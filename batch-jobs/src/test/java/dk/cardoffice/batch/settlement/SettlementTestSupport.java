package dk.cardoffice.batch.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.JobTestSupport;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.portal.Deposits;

/** Member accounts with deposits recorded as the portal records them, settlement files written line by line, and what reconciliation left. */
abstract class SettlementTestSupport extends JobTestSupport {

    static final String HEADER = "settlement_date;payout_reference;transaction_id;order_id;transaction_time;card_brand;type;amount;fee;currency";
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);
    /** Order and transaction ids unique to this JVM run: tests share one database. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    PlatformTransactionManager transactionManager;

    /** Files a test hands its job lie in the feed's archive/, as the intake leaves them (a job takes no file from elsewhere). */
    protected Path drop;

    @org.junit.jupiter.api.BeforeEach
    void dropFolderInTheArchive() throws java.io.IOException {
        drop = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(home.home().resolve("archive").resolve("settlement")), "test-");
    }

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    static String orderId() {
        return "O-" + RUN + "-" + next();
    }

    static String transactionId() {
        return "TX-" + RUN + "-" + next();
    }

    /** A member account with this balance (deposited outside settlement, so nothing to settle). */
    String newAccount(String balance) {
        int n = next();
        String hmac = String.format("settle-%057d", n);
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Settle', ?, 'ACTIVE')",
                hmac, "Holder" + n);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        Accounts.MemberAccount account = accounts.openMemberAccount(memberId, "Settle Holder" + n);
        long ore = Money.parseDkk(balance);
        if (ore > 0) {
            ledger.post(LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, "settle-test-" + RUN + "-" + n, Instant.now(), "test money",
                    accounts.systemAccountId(SystemAccount.SUSPENSE), account.id(), ore));
        }
        return account.accountNo();
    }

    /** A top-up recorded through the portal's code path: the account is credited against the acquirer's receivable. */
    String deposit(String accountNo, String acquirer, String amount) {
        String orderId = orderId();
        Deposits deposits = new Deposits(jdbc, accounts, 1_000_000_00L, 1_000_000_00L);
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> deposits.record(new Deposits.Deposit(orderId, accountNo,
                Money.parseDkk(amount), acquirer, "T-" + orderId, Instant.parse("2026-11-20T15:04:00Z")), Instant.now()));
        return orderId;
    }

    /** One settlement line. */
    static String line(String payout, String transactionId, String orderId, String type, String amount, String fee) {
        return String.join(";", "2026-11-23", payout, transactionId, orderId, "2026-11-20T16:04:00", "VISA", type, amount, fee, "DKK");
    }

    /** A settlement file with these lines and the trailer that matches them. */
    Path settlementFile(String acquirer, String date, List<String> lines) {
        long signed = 0;
        long fees = 0;
        for (String l : lines) {
            String[] f = l.split(";", -1);
            long amount = Money.parseDkk(f[7]);
            signed += f[6].equals("CAPTURE") ? amount : -amount;
            fees += Money.parseDkk(f[8]);
        }
        return settlementFile(acquirer, date, lines, "#TRAILER;" + lines.size() + ";" + Money.formatDkk(signed) + ";" + Money.formatDkk(fees) + ";"
                + Money.formatDkk(signed - fees));
    }

    Path settlementFile(String acquirer, String date, List<String> lines, String trailer) {
        List<String> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(lines);
        if (trailer != null) {
            all.add(trailer);
        }
        Path file = drop.resolve(next() + "").resolve("settlement_" + acquirer + "_" + date + ".csv");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, all, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    JobExecution reconcile(Path file) {
        return run(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", file.toString()));
    }

    JobExecution checkUnsettled() {
        return run(SettlementReconciliationJobConfig.JOB_NAME, Map.of());
    }

    long balance(String accountNo) {
        return ledger.balance(accounts.findMemberAccount(accountNo).orElseThrow().id());
    }

    long balance(SystemAccount account) {
        return ledger.balance(accounts.systemAccountId(account));
    }

    /** Outcome, message, flags and whether it posted, of the line with this acquirer transaction id in this file. */
    Map<String, Object> lineOf(Path file, String transactionId) {
        return jdbc.queryForMap("""
                select outcome, message, flags, ledger_transaction_id from settlement_line
                where file_id = ? and transaction_id = ?""", fileId(file), transactionId);
    }

    /** The file_registry id of a file reconciliation took in (its lines are stored under it). */
    long fileId(Path file) {
        return jdbc.queryForObject("select id from file_registry where feed = 'settlement' and sha256 = ? and original = true", Long.class,
                dk.cardoffice.batch.support.FileHashes.sha256(file));
    }

    String statusOf(String orderId) {
        return jdbc.queryForObject("select status from deposit_settlement_status where order_id = ?", String.class, orderId);
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    /** The balances of the system accounts settlement moves, to compare before and after. */
    record SystemBalances(long worldline, long nets, long bank, long fees, long suspense) {
        SystemBalances minus(SystemBalances before) {
            return new SystemBalances(worldline - before.worldline, nets - before.nets, bank - before.bank, fees - before.fees,
                    suspense - before.suspense);
        }
    }

    SystemBalances systemBalances() {
        return new SystemBalances(balance(SystemAccount.ACQUIRER_WORLDLINE), balance(SystemAccount.ACQUIRER_NETS),
                balance(SystemAccount.CLIENT_FUNDS_BANK), balance(SystemAccount.FEE_EXPENSE), balance(SystemAccount.SUSPENSE));
    }
}
