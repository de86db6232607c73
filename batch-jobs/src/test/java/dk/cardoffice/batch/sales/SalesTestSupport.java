package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import dk.cardoffice.batch.JobTestSupport;
import dk.cardoffice.batch.support.OutboxFiles;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.card.CardNumbers;

/** Members with cards and money, sales files written line by line, and what sales-posting left. */
public abstract class SalesTestSupport extends JobTestSupport {

    static final String HEADER = "terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price";
    /** Fresh numbers per test: tests share one database. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

    @Autowired
    protected Ledger ledger;
    @Autowired
    protected Accounts accounts;
    @Autowired
    protected org.springframework.transaction.PlatformTransactionManager transactionManager;
    @Autowired
    protected dk.cardoffice.ledger.MovementWriter movements;

    /** Files a test hands its job lie in the feed's archive/, as the intake leaves them (a job takes no file from elsewhere). */
    protected Path drop;

    @org.junit.jupiter.api.BeforeEach
    void dropFolderInTheArchive() throws java.io.IOException {
        drop = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(home.home().resolve("archive").resolve("sales")), "test-");
    }

    public record Holder(long accountId, String card) {
    }

    protected static int next() {
        return SEQUENCE.incrementAndGet();
    }

    protected String newTerminal() {
        return "T" + next();
    }

    protected String newInstitution(String type) {
        String no = Integer.toString(700_000 + next());
        jdbc.update("insert into institution (institution_no, name, type) values (?, ?, ?)", no, type + " " + no, type);
        return no;
    }

    /** A member with an account holding {@code balance} (deposited through the ledger) and an active card. */
    protected Holder newHolder(String balance) {
        int n = next();
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Sales', ?, 'ACTIVE')",
                String.format("sales-%058d", n), "Holder" + n);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, String.format("sales-%058d", n));
        long accountId = accounts.openMemberAccount(memberId, "Sales Holder" + n).id();
        String card = cardNumber(60_000_000L + n);
        jdbc.update("insert into card (card_number, account_id, status) values (?, ?, 'ACTIVE')", card, accountId);
        long ore = Money.parseDkk(balance);
        if (ore > 0) {
            ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "sales-test-" + n, Instant.parse("2026-11-01T08:00:00Z"), "Indsat",
                    accounts.systemAccountId(SystemAccount.ACQUIRER_NETS), accountId, ore));
        }
        return new Holder(accountId, card);
    }

    /** A top-up through the portal's code path (acquirer Nets), booked at {@code at}; returns its order id. */
    protected String topUp(String accountNo, long ore, Instant at) {
        String orderId = "TOPUP-" + next() + "-" + System.nanoTime();
        dk.cardoffice.ledger.portal.Deposits deposits = new dk.cardoffice.ledger.portal.Deposits(jdbc, accounts, 1_000_000_00L, 1_000_000_00L);
        new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(tx -> deposits.record(
                new dk.cardoffice.ledger.portal.Deposits.Deposit(orderId, accountNo, ore, "NETS", "T-" + orderId, at), at));
        return orderId;
    }

    /** A withdrawal to a parent's bank account through the portal's code path, reserved now; returns its request id. */
    protected String withdraw(String accountNo, long ore) {
        return withdraw(accountNo, ore, Instant.now());
    }

    /** A withdrawal reserved at {@code at}; returns its request id. */
    protected String withdraw(String accountNo, long ore, Instant at) {
        String requestId = "W-" + next() + "-" + Long.toString(System.nanoTime(), 36);
        dk.cardoffice.ledger.portal.Withdrawals withdrawals = new dk.cardoffice.ledger.portal.Withdrawals(jdbc, ledger, accounts,
                new dk.cardoffice.ledger.portal.PortalPostingWriter(jdbc, accounts, movements, 1_000_000_00L, 1_000_000_00L));
        new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(tx -> withdrawals.reserve(
                new dk.cardoffice.ledger.portal.Withdrawals.Withdrawal(requestId, accountNo, ore, "Mette Ærø", "1234", "12345678", "Lommepenge", null),
                at));
        return requestId;
    }

    /** A card number of the issuing scheme (some sequence numbers are skipped by it, so take the next one). */
    static String cardNumber(long sequence) {
        for (long n = sequence; ; n += 1_000_000) {
            var number = CardNumbers.fromSequence(n);
            if (number.isPresent()) {
                return number.get();
            }
        }
    }

    /** One item line; {@code soldAt} like 2026-11-20T11:42:07. */
    protected static String line(String terminal, String institution, String saleId, String soldAt, String card, String type, String code, String name,
            int quantity, String unitPrice) {
        return String.join(";", terminal, institution, saleId, soldAt, card, type, code, name, Integer.toString(quantity), unitPrice);
    }

    /** A sales file with these item lines and the trailer that matches them. */
    protected Path salesFile(String terminal, String stamp, List<String> lines) {
        long sum = 0;
        for (String l : lines) {
            String[] f = l.split(";", -1);
            try {
                long amount = Long.parseLong(f[8]) * Money.parseDkk(f[9]);
                sum += f[5].equals("REFUND") ? -amount : f[5].equals("SALE") ? amount : 0;
            } catch (RuntimeException unreadable) {
                // a deliberately bad line counts 0 in the trailer, as in SalesFileCheck
            }
        }
        return salesFile(terminal, stamp, lines, "#TRAILER;" + lines.size() + ";" + Money.formatDkk(sum));
    }

    Path salesFile(String terminal, String stamp, List<String> lines, String trailer) {
        List<String> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(lines);
        if (trailer != null) {
            all.add(trailer);
        }
        Path file = drop.resolve("sales_" + terminal + "_" + stamp + ".csv");
        try {
            Files.write(file, all, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    protected JobExecution post(Path file) {
        return run(SalesPostingJobConfig.JOB_NAME, Map.of("file", file.toString()));
    }

    protected long balance(long accountId) {
        return ledger.balance(accountId);
    }

    long balance(SystemAccount account) {
        return ledger.balance(accounts.systemAccountId(account));
    }

    List<CSVRecord> receipt(Path file) {
        Path receipt = home.outbox("sales-receipts").resolve(OutboxFiles.receiptName(file.getFileName().toString()));
        try (Reader in = Files.newBufferedReader(receipt, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return csv.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CSVRecord row(List<CSVRecord> receipt, String saleId) {
        return receipt.stream().filter(r -> r.get("sale_id").equals(saleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no receipt row for sale " + saleId + " in " + receipt));
    }

    List<String> flags(String terminal, String saleId) {
        return jdbc.queryForList("""
                select f.flag from sale_flag f join sale s on s.transaction_id = f.transaction_id
                where s.terminal_id = ? and s.sale_id = ? order by f.flag""", String.class, terminal, saleId);
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
