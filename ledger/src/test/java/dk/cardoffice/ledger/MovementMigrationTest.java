package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import dk.cardoffice.ledger.portal.Statements;
import dk.cardoffice.ledger.testing.TableDump;
import dk.cardoffice.ledger.testing.TestDatabase;

/**
 * V11 carries a ledger of the previous layout (ledger_transaction + posting + sale, schema version 10) over to one
 * row per movement. The old ledger here holds every kind of event the demo and the jobs write: deposits, a
 * withdrawal, sales and a refund with their items and flags, a sale of free items (no postings), a sale on an
 * unknown card moved from suspense, a settlement with its fee (three postings), a card fee. Balances, statements,
 * the sales as receipts read them, and verify-ledger are the same before and after.
 */
class MovementMigrationTest {

    private static final Instant DAY = Instant.parse("2026-11-20T09:00:00Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLedgerOfThePreviousLayoutMigratesWithTheSameBalancesStatementsAndSales(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerSchema.migrateTo(db.ds(), "10");
            JdbcTemplate jdbc = new JdbcTemplate(db.ds());
            OldLedger old = new OldLedger(jdbc);
            long ida = old.member("Ida");
            long bo = old.member("Bo");
            jdbc.update("insert into institution (institution_no, name, type) values ('310001', 'Skolen', 'SCHOOL')");
            long sales = old.system("SALES-310001", "SALES_PAYABLE", "310001");
            long nets = old.account("ACQ-NETS");
            long bank = old.account("BANK-CLIENT-FUNDS");
            long fees = old.account("FEE-EXPENSE");
            long clearing = old.account("PAYOUT-CLEARING");
            long suspense = old.account("SUSPENSE");
            long cardFees = old.account("CARD-FEE-INCOME");

            long deposit = old.transaction("DEPOSIT", "ORDER-1", 0, "Indbetaling NETS T-1", null, nets, -300_00, ida, 300_00);
            jdbc.update("""
                    insert into deposit (order_id, account_id, amount_ore, acquirer, transaction_id, captured_at, ledger_transaction_id)
                    values ('ORDER-1', ?, 30000, 'NETS', 'T-1', ?, ?)""", ida, Timestamp.from(DAY), deposit);
            old.transaction("DEPOSIT", "ORDER-2", 1, "Indbetaling NETS T-2", null, nets, -20_00, bo, 20_00);
            long withdrawal = old.transaction("WITHDRAWAL", "W-1", 2, "Udbetaling til 1234 0001234567", null, ida, -50_00, clearing, 50_00);
            jdbc.update("""
                    insert into withdrawal (request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, status, ledger_transaction_id)
                    values ('W-1', ?, 5000, 'Ida Hansen', '1234', '0001234567', 'QUEUED', ?)""", ida, withdrawal);
            long sale = old.sale("SALE", "K1", "S1", 3, ida, sales, 12_50, "M1\tToast\t1\t1250", "OVER_DAILY_LIMIT,OVERDRAWN", 2);
            old.sale("REFUND", "K1", "R1", 4, ida, sales, 2_50, "M2\tMælk\t1\t250", null, 3);
            old.sale("SALE", "K1", "S2", 5, ida, sales, 0, "V1\tVand\t1\t0", null, 4);
            long unknown = old.sale("SALE", "K1", "S3", 6, suspense, sales, 5_00, "M3\tÆble\t1\t500", "UNKNOWN_CARD", 5);
            old.transaction("SUSPENSE_TRANSFER", Long.toString(unknown), 7, "Flyttet fra mellemregning: K1 salg S3", unknown, bo, -5_00, suspense, 5_00);
            old.transaction("SETTLEMENT", "abc:lines:1-1", 8, "Afregning NETS", null, nets, 300_00, bank, -299_00, fees, -1_00);
            old.transaction("CARD_FEE", "CARD-ORDER-1", 9, "Kortgebyr", null, ida, -50_00, cardFees, 50_00);
            old.keepBalances();

            Map<Long, Long> balancesBefore = balances(jdbc);
            List<List<Object>> salesBefore = jdbc.query("""
                    select transaction_id, terminal_id, sale_id, type, account_id, amount_ore, items, file_sha256, line_no from sale order by transaction_id""",
                    (rs, i) -> row(rs, 9));
            Map<String, List<List<Object>>> statementsBefore = statementsBefore(jdbc, List.of(ida, bo));

            LedgerSchema.migrate(db.ds());

            assertThat(balances(jdbc)).isEqualTo(balancesBefore);
            assertThat(jdbc.query("""
                    select transaction_id, terminal_id, sale_id, type, account_id, amount_ore, items, file_sha256, line_no from sale order by transaction_id""",
                    (rs, i) -> row(rs, 9))).isEqualTo(salesBefore);
            assertThat(jdbc.queryForList("select flag from sale_flag where transaction_id = ? order by flag", String.class, sale))
                    .containsExactly("OVERDRAWN", "OVER_DAILY_LIMIT");
            assertThat(jdbc.queryForObject("select count(*) from movement where business_key = 'abc:lines:1-1'", Long.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select ledger_transaction_id from deposit where order_id = 'ORDER-1'", Long.class)).isEqualTo(deposit);
            assertSameStatements(jdbc, statementsBefore, balancesBefore, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
            LedgerReport report = new LedgerVerifier(jdbc, new DataSourceTransactionManager(db.ds())).verify();
            assertThat(report.breaks()).isEmpty();
            assertThat(report.events()).isEqualTo(10);
            assertThat(report.movements()).isEqualTo(11);

            // and it keeps working: a new movement gets an id after the carried-over ones
            PostingResult.Posted next = (PostingResult.Posted) new JdbcLedger(jdbc, new DataSourceTransactionManager(db.ds()), new MovementWriter(jdbc))
                    .post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "ORDER-3", DAY, null, nets, bo, 10_00));
            assertThat(next.transactionId()).isGreaterThan(jdbc.queryForObject("select max(id) from movement where id <> ?", Long.class,
                    next.transactionId()));
            assertThat(new LedgerVerifier(jdbc, new DataSourceTransactionManager(db.ds())).verify().breaks()).isEmpty();
        }
    }

    /**
     * The demo's own database of the previous version: made by running {@code demo} at commit 7f2b052 (the last one with
     * schema 10) and dumping its H2 database with {@link TableDump} (how: src/test/resources/schema-10-demo/README.md).
     * Loaded into a database migrated to version 10, then migrated to the latest: the same balances, statements, sales
     * and a clean verify-ledger with one event per old transaction.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theDemosDatabaseOfThePreviousVersionMigratesWithTheSameBalancesStatementsAndSales(TestDatabase database) throws Exception {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerSchema.migrateTo(db.ds(), "10");
            TableDump.load(db.ds(), Path.of(MovementMigrationTest.class.getResource("/schema-10-demo/tables.txt").toURI()).getParent());
            JdbcTemplate jdbc = new JdbcTemplate(db.ds());
            long transactions = jdbc.queryForObject("select count(*) from ledger_transaction", Long.class);
            assertThat(transactions).as("the demo's ledger (its verify-ledger said 20 transactions, 43 postings)").isEqualTo(20);
            assertThat(jdbc.queryForObject("select count(*) from sale", Long.class)).as("the demo's sales").isGreaterThan(5);
            Map<Long, Long> balancesBefore = balances(jdbc);
            List<List<Object>> salesBefore = jdbc.query("""
                    select transaction_id, terminal_id, sale_id, type, account_id, amount_ore, items, file_sha256, line_no from sale order by transaction_id""",
                    (rs, i) -> row(rs, 9));
            Map<String, List<List<Object>>> statementsBefore = statementsBefore(jdbc,
                    jdbc.queryForList("select id from account where kind = 'MEMBER' order by id", Long.class));
            long liabilityBefore = jdbc.queryForObject("select coalesce(sum(balance), 0) from account where kind = 'MEMBER'", Long.class);
            assertThat(liabilityBefore).as("the demo's e-money liability").isEqualTo(571_50L);
            assertThat(statementsBefore.values().stream().mapToInt(List::size).sum()).as("statement lines of the demo's members").isGreaterThan(10);

            LedgerSchema.migrate(db.ds());

            assertThat(balances(jdbc)).isEqualTo(balancesBefore);
            assertThat(jdbc.query("""
                    select transaction_id, terminal_id, sale_id, type, account_id, amount_ore, items, file_sha256, line_no from sale order by transaction_id""",
                    (rs, i) -> row(rs, 9))).isEqualTo(salesBefore);
            assertSameStatements(jdbc, statementsBefore, balancesBefore, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31));
            LedgerReport report = new LedgerVerifier(jdbc, new DataSourceTransactionManager(db.ds())).verify();
            assertThat(report.breaks()).isEmpty();
            assertThat(report.events()).isEqualTo(transactions);
            assertThat(report.emoneyLiabilityOre()).isEqualTo(liabilityBefore);
        }
    }

    /** Per member account: each old transaction on it (type, description, net amount), in booking order. */
    private static Map<String, List<List<Object>>> statementsBefore(JdbcTemplate jdbc, List<Long> accounts) {
        Map<String, List<List<Object>>> statements = new LinkedHashMap<>();
        for (long account : accounts) {
            statements.put(accountNo(jdbc, account), jdbc.query("""
                    select t.type, t.description, sum(p.amount) from posting p join ledger_transaction t on t.id = p.transaction_id
                    where p.account_id = ? group by t.id, t.type, t.description order by t.booked_at, t.id""", (rs, i) -> row(rs, 3), account));
        }
        return statements;
    }

    private static void assertSameStatements(JdbcTemplate jdbc, Map<String, List<List<Object>>> before, Map<Long, Long> balancesBefore, LocalDate from,
            LocalDate to) {
        Statements statements = new Statements(jdbc, new Accounts(jdbc));
        before.forEach((accountNo, lines) -> {
            Statements.Statement after = statements.of(accountNo, from, to);
            List<List<Object>> expected = new ArrayList<>();
            for (List<Object> line : lines) {
                long amount = ((Number) line.get(2)).longValue();
                expected.add(List.of(Statements.typeInDanish((String) line.get(0), amount), String.valueOf(line.get(1)), Money.formatDkk(amount)));
            }
            assertThat(after.movements()).extracting(m -> List.<Object>of(m.type(), String.valueOf(m.text()), m.amount())).as(accountNo)
                    .isEqualTo(expected);
            assertThat(after.closingBalance()).isEqualTo(Money.formatDkk(balancesBefore.get(accountId(jdbc, accountNo))));
        });
    }

    private static Map<Long, Long> balances(JdbcTemplate jdbc) {
        Map<Long, Long> balances = new LinkedHashMap<>();
        jdbc.query("""
                select a.id, a.balance + coalesce((select sum(s.balance) from account_balance_shard s where s.account_id = a.id), 0)
                from account a order by a.id""", rs -> {
            balances.put(rs.getLong(1), rs.getLong(2));
        });
        return balances;
    }

    private static String accountNo(JdbcTemplate jdbc, long id) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, id);
    }

    private static long accountId(JdbcTemplate jdbc, String accountNo) {
        return jdbc.queryForObject("select id from account where account_no = ?", Long.class, accountNo);
    }

    private static List<Object> row(java.sql.ResultSet rs, int columns) throws java.sql.SQLException {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
            Object value = rs.getObject(c);
            row.add(value instanceof Number n ? (Object) n.longValue() : String.valueOf(value));
        }
        return row;
    }

    /** Writes the previous layout's rows as its code did. */
    private static final class OldLedger {
        private final JdbcTemplate jdbc;
        private int people;

        OldLedger(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        long member(String name) {
            String hmac = String.format("%064d", ++people);
            jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', ?, 'Hansen', 'ACTIVE')",
                    hmac, name);
            long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
            jdbc.update("insert into account (account_no, kind, name, member_id) values (?, 'MEMBER', ?, ?)", Long.toString(10000000 + memberId),
                    name + " Hansen", memberId);
            return jdbc.queryForObject("select id from account where member_id = ?", Long.class, memberId);
        }

        long system(String accountNo, String kind, String institutionNo) {
            jdbc.update("insert into account (account_no, kind, name, institution_no) values (?, ?, ?, ?)", accountNo, kind, accountNo, institutionNo);
            long id = account(accountNo);
            for (int shard = 0; shard < 16; shard++) {
                jdbc.update("insert into account_balance_shard (account_id, shard) values (?, ?)", id, shard);
            }
            return id;
        }

        long account(String accountNo) {
            return jdbc.queryForObject("select id from account where account_no = ?", Long.class, accountNo);
        }

        /** A transaction and its postings: account, amount, account, amount, ... */
        long transaction(String type, String key, int minute, String description, Long reference, long... postings) {
            jdbc.update("insert into ledger_transaction (type, business_key, booked_at, description, reference_id) values (?, ?, ?, ?, ?)", type, key,
                    Timestamp.from(DAY.plusSeconds(60L * minute)), description, reference);
            long id = jdbc.queryForObject("select id from ledger_transaction where type = ? and business_key = ?", Long.class, type, key);
            for (int i = 0; i < postings.length; i += 2) {
                jdbc.update("insert into posting (transaction_id, account_id, amount) values (?, ?, ?)", id, postings[i], postings[i + 1]);
            }
            return id;
        }

        long sale(String type, String terminal, String saleId, int minute, long account, long salesAccount, long amount, String items, String flags,
                int line) {
            long memberDelta = type.equals("SALE") ? -amount : amount;
            long id = amount == 0 ? transaction(type, terminal + ":" + saleId, minute, items.split("\t")[1], null)
                    : transaction(type, terminal + ":" + saleId, minute, items.split("\t")[1], null, account, memberDelta, salesAccount, -memberDelta);
            Timestamp soldAt = Timestamp.from(DAY.plusSeconds(60L * minute));
            jdbc.update("""
                    insert into sale (transaction_id, terminal_id, sale_id, type, institution_no, institution_type, card_number, account_id, amount_ore,
                                      sold_at, sale_day, items, flags, file_sha256, line_no)
                    values (?, ?, ?, ?, '310001', 'SCHOOL', 'AB12CD34', ?, ?, ?, ?, ?, ?, 'sha-of-the-file', ?)""", id, terminal, saleId, type, account,
                    amount, soldAt, java.sql.Date.valueOf(LocalDate.of(2026, 11, 20)), items, flags, line);
            if (flags != null) {
                for (String flag : flags.split(",")) {
                    jdbc.update("insert into sale_flag (transaction_id, flag) values (?, ?)", id, flag);
                }
            }
            return id;
        }

        /** Balances as the old code kept them: a member's on its row, a system account's on its shards. */
        void keepBalances() {
            jdbc.update("update account a set balance = (select coalesce(sum(p.amount), 0) from posting p where p.account_id = a.id) where a.kind = 'MEMBER'");
            jdbc.update("""
                    update account_balance_shard s set balance = (select coalesce(sum(p.amount), 0) from posting p where p.account_id = s.account_id)
                    where s.shard = 0""");
        }
    }
}
