package dk.cardoffice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.finance.FinanceReportJobConfig;
import dk.cardoffice.ledger.LedgerVerifier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 18: a day with 1,000,000 movements on 200,000 member accounts — a top-up for every account in the morning, then
 * four purchases each at 25 schools and clubs (1 % of them flagged OVERDRAWN) — and a month of history before it (one
 * top-up per account); the finance report of that day (every section, the XLSX and the 200,000-line liability listing)
 * on PostgreSQL with -Xmx512m. Prints the time, the peak heap and PostgreSQL's statements with -Dbench.statements=true.
 * Target: ≤ 30 s.
 *
 * <pre>java -Xmx512m -jar bench/target/cardoffice-bench.jar finance-report [accounts=200000] [purchasesPerAccount=4]</pre>
 */
public final class FinanceReportBenchmark {

    private FinanceReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int purchases = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path work = Files.createTempDirectory("cardoffice-finance-bench");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
        boolean statements = Boolean.getBoolean("bench.statements");
        if (statements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        System.out.printf("finance-report benchmark: %,d accounts, %,d movements on the day; max heap %d MiB%n", accounts,
                (long) accounts * (1 + purchases), Measure.maxHeapMib());
        try (EmbeddedPostgres postgres = builder.start();
             ConfigurableApplicationContext context = new SpringApplication(BenchApplication.class).run(
                     "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true",
                     "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--cardoffice.home=" + work.resolve("home"),
                     "--cardoffice.schedules.enabled=false", "--logging.level.root=WARN")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            LocalDate day = LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(1);
            long prepareStart = System.nanoTime();
            long movements = prepare(jdbc, context.getBean(dk.cardoffice.ledger.Accounts.class), accounts, purchases, day);
            System.out.printf("  %,d accounts and %,d movements in all made in %.1f s (set-based, not timed below)%n", accounts, movements,
                    (System.nanoTime() - prepareStart) / 1e9);
            MeasuredJob measured = MeasuredJob.run(context, FinanceReportJobConfig.JOB_NAME, Map.of("date", day.toString()), statements);
            Path reports = context.getBean(HomeFolders.class).outbox("reports");
            long listed;
            try (var lines = Files.lines(reports.resolve("liability_" + day + ".csv"))) {
                listed = lines.count() - 1;
            }
            System.out.printf("  finance-report %s in %.1f s; peak heap %d MiB; CPU: this JVM %.1f s, PostgreSQL %.1f s; liability listing %,d accounts,"
                    + " %,d bytes; XLSX %,d bytes%n", measured.execution().getExitStatus().getExitCode(), measured.seconds(), measured.peakHeapMib(),
                    measured.jvmCpuSeconds(), measured.postgresCpuSeconds(), listed,
                    Files.size(reports.resolve("liability_" + day + ".csv")), Files.size(reports.resolve("daily_" + day + ".xlsx")));
            for (String line : Files.readAllLines(reports.resolve("daily_" + day + "_summary.csv"))) {
                System.out.println("    " + line.replace("\uFEFF", ""));
            }
            if (statements) {
                Measure.printPostgresStatements(jdbc, "the report");
            }
            System.out.printf("  verify-ledger: %s%n", context.getBean(LedgerVerifier.class).verify().intact() ? "OK" : "FAILED");
        }
    }

    /**
     * Members 1..n with an account each; a top-up of 500 DKK a month before the day; on the day a top-up of 200 DKK at 07:00 and
     * {@code purchases} purchases of 5–29 DKK between 10:00 and 15:00 at one of 25 institutions; 1 % of the day's purchases flagged.
     */
    private static long prepare(JdbcTemplate jdbc, dk.cardoffice.ledger.Accounts ledgerAccounts, int n, int purchases, LocalDate day) {
        jdbc.update("""
                insert into member (cpr_hmac, cpr_masked, first_name, last_name, status)
                select lpad(cast(g as varchar), 64, '0'), '010115-xxxx', 'Søren', 'Ærø ' || cast(g as varchar), 'ACTIVE' from generate_series(1, ?) g""", n);
        jdbc.update("insert into account (account_no, kind, name, member_id) select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id"
                + " from member m order by m.id");
        long[] sales = new long[25];
        for (int i = 0; i < sales.length; i++) {
            String no = Integer.toString(265_000 + i);
            jdbc.update("insert into institution (institution_no, name, type) values (?, ?, ?) on conflict do nothing", no,
                    (i % 5 == 0 ? "Klub " : "Skole ") + no, i % 5 == 0 ? "CLUB" : "SCHOOL");
            sales[i] = ledgerAccounts.salesPayableAccountId(no);
        }
        jdbc.update("insert into sales_file (file_sha256) values ('bench')");
        long file = jdbc.queryForObject("select id from sales_file where file_sha256 = 'bench'", Long.class);
        long nets = jdbc.queryForObject("select id from account where account_no = 'ACQ-NETS'", Long.class);
        String zone = "+01:00";
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'H' || cast(a.id as varchar), 1, ?, a.id, a.id, 50000, cast(? as timestamp with time zone), 'Indbetaling'
                from account a where a.kind = 'MEMBER'""", nets, day.minusDays(30) + " 07:00:00" + zone);
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'D' || cast(a.id as varchar), 1, ?, a.id, a.id, 20000, cast(? as timestamp with time zone)
                       + (a.id % 3600) * interval '1 second', 'Indbetaling'
                from account a where a.kind = 'MEMBER'""", nets, day + " 07:00:00" + zone);
        jdbc.update("create temporary table bench_sales_account (k int primary key, account_id bigint, institution_no varchar(6))");
        for (int i = 0; i < sales.length; i++) {
            jdbc.update("insert into bench_sales_account values (?, ?, ?)", i, sales[i], Integer.toString(265_000 + i));
        }
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      institution_no, institution_type, card_number, items, sales_file_id, line_no)
                select 'SALE', 'SALE', 'T' || cast(s.k as varchar) || ':' || cast(a.id as varchar) || '-' || cast(p as varchar), 1, a.id, s.account_id, a.id,
                       (5 + (a.id * 7 + p * 13) % 25) * 100, cast(? as timestamp with time zone) + ((a.id * 31 + p * 977) % 18000) * interval '1 second',
                       s.institution_no, case when s.k % 5 = 0 then 'CLUB' else 'SCHOOL' end, 'AB12CD34',
                       '101' || chr(9) || 'Vare' || chr(9) || '1' || chr(9) || cast((5 + (a.id * 7 + p * 13) % 25) * 100 as varchar) || chr(10), ?, p
                from account a cross join generate_series(1, ?) p join bench_sales_account s on s.k = (a.id + p) % 25
                where a.kind = 'MEMBER'""", day + " 10:00:00" + zone, file, purchases);
        // -Dbench.historyDays=N: N whole days before it like the day itself (a top-up and the purchases), to measure how the
        // report's cost grows with the ledger's history
        int historyDays = Integer.getInteger("bench.historyDays", 0);
        if (historyDays > 0) {
            jdbc.update("""
                    insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                          description)
                    select 'DEPOSIT', 'DEPOSIT', 'P' || cast(d as varchar) || '-' || cast(a.id as varchar), 1, ?, a.id, a.id, 20000,
                           cast(? as timestamp with time zone) - d * interval '1 day' + (a.id % 3600) * interval '1 second', 'Indbetaling'
                    from account a cross join generate_series(1, ?) d where a.kind = 'MEMBER'""", nets, day + " 07:00:00" + zone, historyDays);
            jdbc.update("""
                    insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                          institution_no, institution_type, card_number, items, sales_file_id, line_no)
                    select 'SALE', 'SALE', 'H' || cast(d as varchar) || '-' || cast(s.k as varchar) || ':' || cast(a.id as varchar) || '-' || cast(p as varchar),
                           1, a.id, s.account_id, a.id, (5 + (a.id * 7 + p * 13) % 25) * 100,
                           cast(? as timestamp with time zone) - d * interval '1 day' + ((a.id * 31 + p * 977) % 18000) * interval '1 second',
                           s.institution_no, case when s.k % 5 = 0 then 'CLUB' else 'SCHOOL' end, 'AB12CD34',
                           '101' || chr(9) || 'Vare' || chr(9) || '1' || chr(9) || cast((5 + (a.id * 7 + p * 13) % 25) * 100 as varchar) || chr(10), ?, p
                    from account a cross join generate_series(1, ?) d cross join generate_series(1, ?) p join bench_sales_account s on s.k = (a.id + p) % 25
                    where a.kind = 'MEMBER'""", day + " 10:00:00" + zone, file, historyDays, purchases);
        }
        jdbc.update("""
                insert into sale_flag (transaction_id, flag)
                select id, 'OVERDRAWN' from movement where key_space = 'SALE' and id % 100 = 0""");
        long[] system = new long[sales.length + 1];
        System.arraycopy(sales, 0, system, 0, sales.length);
        system[sales.length] = nets;
        BenchLedger.balancesFromMovements(jdbc, system);
        jdbc.execute("analyze");
        return jdbc.queryForObject("select count(*) from movement", Long.class);
    }
}
