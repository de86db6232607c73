package dk.cardoffice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.LedgerSchema;
import dk.cardoffice.ledger.portal.Statements;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 15: a one-year statement of an account with 2,000 movements answers in < 50 ms on PostgreSQL with
 * 10,000,000 movements in the table. Fills the movement table set-based (5,000 member accounts × 2,000 movements
 * over 2026: deposits in, sales out), then times {@link Statements#of} for one account a year at a time, and the
 * daily-limit read of sales posting (one member's sales on one day), 50 times each, on different accounts.
 *
 * <pre>java -jar bench/target/cardoffice-bench.jar statement [movements=10000000]</pre>
 */
final class StatementBenchmark {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
    private static final int PER_ACCOUNT = 2_000;

    private StatementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long movements = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int accounts = (int) Math.max(1, movements / PER_ACCOUNT);
        Path work = Files.createTempDirectory("cardoffice-statement-bench");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
                com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource()) {
            // pooled, as in the service: a connection per query would add its set-up to every figure
            dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            LedgerSchema.migrate(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            long start = System.nanoTime();
            fill(jdbc, accounts);
            jdbc.execute("analyze");
            System.out.printf("statement benchmark: %,d movements of %,d member accounts written in %.1f s (set-based, not timed below)%n",
                    jdbc.queryForObject("select count(*) from movement", Long.class), accounts, (System.nanoTime() - start) / 1e9);

            Statements statements = new Statements(jdbc, new Accounts(jdbc));
            List<String> accountNos = jdbc.queryForList("select account_no from account where kind = 'MEMBER' order by id", String.class);
            List<Double> statementMillis = new ArrayList<>();
            int lines = 0;
            for (int i = 0; i < 50; i++) {
                String accountNo = accountNos.get((i * 97) % accountNos.size());
                long t = System.nanoTime();
                Statements.Statement statement = statements.of(accountNo, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));
                statementMillis.add((System.nanoTime() - t) / 1e6);
                lines = statement.movements().size();
            }
            print("one-year statement (" + lines + " lines)", statementMillis);

            List<Long> accountIds = jdbc.queryForList("select id from account where kind = 'MEMBER' order by id", Long.class);
            List<Double> limitMillis = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long accountId = accountIds.get((i * 89) % accountIds.size());
                LocalDate day = LocalDate.of(2026, 1, 1).plusDays(i * 7L);
                long t = System.nanoTime();
                jdbc.queryForList("""
                        select member_account_id, booked_at, institution_type, type, amount from movement
                        where member_account_id = any(?) and booked_at >= ? and booked_at < ? and key_space = 'SALE' and not (id = any(?))""",
                        dk.cardoffice.ledger.SqlArrays.bigints(List.of(accountId)), day.atStartOfDay(COPENHAGEN).toOffsetDateTime(),
                        day.plusDays(1).atStartOfDay(COPENHAGEN).toOffsetDateTime(), dk.cardoffice.ledger.SqlArrays.bigints(List.of(0L)));
                limitMillis.add((System.nanoTime() - t) / 1e6);
            }
            print("daily-limit read (one member, one day)", limitMillis);
            if (Boolean.getBoolean("bench.explain")) {
                long accountId = accountIds.get(7);
                OffsetDateTime from = LocalDate.of(2026, 1, 1).atStartOfDay(COPENHAGEN).toOffsetDateTime();
                OffsetDateTime to = LocalDate.of(2027, 1, 1).atStartOfDay(COPENHAGEN).toOffsetDateTime();
                jdbc.queryForList("explain (analyze, buffers) select booked_at, type, description, items, sum(case when credit_account_id = ? then amount"
                        + " else -amount end) as amount from movement where member_account_id = ? and booked_at >= ? and booked_at < ? and amount > 0"
                        + " group by key_space, business_key, booked_at, type, description, items order by booked_at, min(id)", String.class,
                        accountId, accountId, from, to).forEach(System.out::println);
                jdbc.queryForList("explain (analyze, buffers) select member_account_id, booked_at, institution_type, type, amount from movement"
                        + " where member_account_id = any(?) and booked_at >= ? and booked_at < ? and key_space = 'SALE' and not (id = any(?))",
                        String.class, dk.cardoffice.ledger.SqlArrays.bigints(List.of(accountId)), from, from.plusDays(1),
                        dk.cardoffice.ledger.SqlArrays.bigints(List.of(0L))).forEach(System.out::println);
            }
        }
    }

    /** accounts × 2,000 movements over 2026: every 4th a deposit (Nets → member), the rest sales (member → a school's sales account). */
    private static void fill(JdbcTemplate jdbc, int accounts) {
        jdbc.update("insert into institution (institution_no, name, type) values ('900001', 'Bench skole', 'SCHOOL')");
        long sales = new Accounts(jdbc).salesPayableAccountId("900001");
        long nets = jdbc.queryForObject("select id from account where account_no = 'ACQ-NETS'", Long.class);
        jdbc.update("""
                insert into member (cpr_hmac, cpr_masked, first_name, last_name, status)
                select lpad(cast(g as varchar), 64, '0'), '010115-xxxx', 'Statement', 'Bench' || g, 'ACTIVE' from generate_series(1, ?) g""", accounts);
        jdbc.update("""
                insert into account (account_no, kind, name, member_id)
                select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id from member m order by m.id""");
        jdbc.update("insert into sales_file (file_sha256) values ('bench')");
        long first = jdbc.queryForObject("select min(id) from account where kind = 'MEMBER'", Long.class);
        OffsetDateTime year = LocalDate.of(2026, 1, 1).atStartOfDay(COPENHAGEN).toOffsetDateTime();
        // one account after the other would cluster each account's rows; real movements arrive interleaved, so are these
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description, institution_no, institution_type, card_number, items, sales_file_id, line_no)
                select case when g % 4 = 0 then 'DEPOSIT' else 'SALE' end, case when g % 4 = 0 then 'DEPOSIT' else 'SALE' end, 'B' || g, 1,
                       case when g % 4 = 0 then ? else ? + g % ? end, case when g % 4 = 0 then ? + g % ? else ? end, ? + g % ?,
                       case when g % 4 = 0 then 20000 else 1250 end, ? + (g / ?) * interval '1 second' * (31536000.0 / ?),
                       case when g % 4 = 0 then 'Indbetaling' else 'Toast' end,
                       case when g % 4 = 0 then null else '900001' end, case when g % 4 = 0 then null else 'SCHOOL' end,
                       case when g % 4 = 0 then null else 'AB12CD34' end, case when g % 4 = 0 then null else 'M1' || chr(9) || 'Toast' || chr(9) || '1'
                       || chr(9) || '1250' end, case when g % 4 = 0 then null else 1 end, case when g % 4 = 0 then null else 2 end
                from generate_series(0, ? - 1) g""", nets, first, accounts, first, accounts, sales, first, accounts, year, accounts,
                PER_ACCOUNT, (long) accounts * PER_ACCOUNT);
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("  %-40s first %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms (50 runs, different accounts)%n", what, millis.get(0),
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)), sorted.get(sorted.size() - 1));
    }
}
