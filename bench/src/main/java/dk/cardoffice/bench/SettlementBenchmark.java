package dk.cardoffice.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerSchema;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.Money;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 6: 500,000 settlement lines reconciled against 500,000 recorded deposits. The deposits (20,000
 * member accounts, half Worldline, half Nets, 1–300 DKK) are made set-based in SQL as the portal would have
 * recorded them (ledger transaction, two postings, deposit row). Two files, one per acquirer, together
 * 499,000 captures (0.5 % with another amount, 0.3 % of orders nobody recorded) and 1,000 chargebacks; the
 * 1,000 deposits left out stay unsettled. Both files are launched at once through the job launcher (as the
 * operations API can; the folder intake takes a feed's files one after the other). Prints lines/s, the time per step, peak heap and the outcomes; then verify-ledger.
 * Target: ≤ 20 s on PostgreSQL with -Xmx512m.
 *
 * <pre>java -Xmx512m -jar bench/target/cardoffice-bench.jar settlement [lines=500000] [postgresql,h2]</pre>
 */
public final class SettlementBenchmark {

    private static final int MEMBERS = 20_000;

    private SettlementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        String databases = args.length > 1 ? args[1] : "postgresql";
        Path work = Files.createTempDirectory("cardoffice-settlement-bench");
        List<Path> files = generate(work.resolve("files"), lines);
        System.out.printf("settlement benchmark: %,d lines in %d files against %,d deposits; max heap %d MiB; files in %s%n", lines, files.size(),
                lines, Measure.maxHeapMib(), work);
        if (databases.contains("postgresql")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
            for (String setting : System.getProperty("bench.pg", "").split(",")) {
                if (setting.contains("=")) {  // e.g. -Dbench.pg=shared_buffers=1GB,max_wal_size=4GB
                    builder.setServerConfig(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
                }
            }
            try (EmbeddedPostgres postgres = builder.start()) {
                run("PostgreSQL", postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true", "postgres", "postgres", work, files, lines);
            }
        }
        if (databases.contains("h2")) {
            run("H2", "jdbc:h2:file:" + work.resolve("h2/cardoffice") + LedgerSchema.H2_URL_OPTIONS, "sa", "", work, files, lines);
        }
    }

    private static void run(String database, String url, String user, String password, Path work, List<Path> files, int lines) throws java.io.IOException {
        SpringApplication application = new SpringApplication(BenchApplication.class);
        try (ConfigurableApplicationContext context = application.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--cardoffice.home=" + work.resolve("home-" + database),
                "--cardoffice.settlement.chunk-size=" + System.getProperty("bench.chunkSize", "2500"), "--cardoffice.schedules.enabled=false",
                "--logging.level.root=WARN")) {
            JobStarter jobs = context.getBean(JobStarter.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long prepareStart = System.nanoTime();
            prepare(jdbc, lines);
            System.out.printf("  %-10s %,d deposits recorded in %.1f s (set-based, not timed below)%n", database, lines,
                    (System.nanoTime() - prepareStart) / 1e9);

            List<Path> archived = BenchFiles.intoArchive(work.resolve("home-" + database), "settlement", "bench", files, false);
            Measure.resetPeakHeap();
            long start = System.nanoTime();
            List<Long> executions = new ArrayList<>();
            boolean oneAfterTheOther = Boolean.getBoolean("bench.sequential"); // diagnosis: one file's cost without the other's competition
            for (Path file : archived) {
                long id = jobs.start(SettlementReconciliationJobConfig.JOB_NAME, Map.of("file", file.toString()));
                executions.add(id);
                if (oneAfterTheOther) {
                    jobs.awaitEnd(id, Duration.ofHours(1));
                }
            }
            for (long id : executions) {
                JobExecution end = jobs.awaitEnd(id, Duration.ofHours(1));
                System.out.printf("  %-10s %s: %s%n", database, Path.of(end.getJobParameters().getString("file")).getFileName(), end.getExitStatus().getExitCode());
                for (StepExecution step : end.getStepExecutions()) {
                    System.out.printf("  %-10s   step %-26s %6.1f s, %,d written%n", database, step.getStepName(),
                            Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1e3, step.getWriteCount());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  %-10s reconciled %,d lines in %.1f s = %,.0f lines/s; peak heap %d MiB%n", database, lines, seconds, lines / seconds,
                    Measure.peakHeapMib());
            System.out.printf("  %-10s outcomes: %s; deposits: %s%n", database,
                    String.join(", ", jdbc.queryForList("select outcome || ' ' || count(*) from settlement_line group by outcome order by outcome", String.class)),
                    String.join(", ", jdbc.queryForList("select status || ' ' || count(*) from deposit_settlement_status group by status order by 1",
                            String.class)));
            System.out.printf("  %-10s payouts: %s%n", database, String.join("; ", jdbc.queryForList(
                    "select acquirer || ' net ' || cast(net_ore as varchar) || ' øre, posted ' || cast(posted_net_ore as varchar) from settlement_batch order by acquirer",
                    String.class)));
            LedgerReport report = context.getBean(LedgerVerifier.class).verify();
            System.out.printf("  %-10s verify-ledger: %s%n", database, report.intact() ? "OK" : report.render());
        }
    }

    /** Order g (1..n): account g mod 20,000, g DKK mod 300 + 1, Worldline for even g, Nets for odd. */
    private static void prepare(JdbcTemplate jdbc, int n) {
        jdbc.update("""
                insert into member (cpr_hmac, cpr_masked, first_name, last_name, status)
                select lpad(cast(g as varchar), 64, '0'), '010115-xxxx', 'Settle', 'Bench' || cast(g as varchar), 'ACTIVE' from generate_series(1, ?) g""",
                MEMBERS);
        jdbc.update("""
                insert into account (account_no, kind, name, member_id)
                select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id from member m order by m.id""");
        long firstAccount = jdbc.queryForObject("select min(id) from account where kind = 'MEMBER'", Long.class);
        long worldline = jdbc.queryForObject("select id from account where account_no = 'ACQ-WORLDLINE'", Long.class);
        long nets = jdbc.queryForObject("select id from account where account_no = 'ACQ-NETS'", Long.class);
        // deposit g: 1-300 DKK from Worldline (even g) or Nets (odd g) to member account (g mod MEMBERS), one movement each
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'O' || lpad(cast(g as varchar), 9, '0'), 1, case when mod(g, 2) = 0 then ? else ? end,
                       ? + mod(g, ?), ? + mod(g, ?), 100 * (1 + mod(g, 300)), timestamp with time zone '2026-11-20 16:04:00+01:00', 'Indbetaling'
                from generate_series(1, ?) g""", worldline, nets, firstAccount, MEMBERS, firstAccount, MEMBERS, n);
        jdbc.update("insert into deposit (order_id, account_id, amount_ore, acquirer, transaction_id, captured_at, ledger_transaction_id)"
                + " select m.business_key, m.credit_account_id, m.amount, case when m.debit_account_id = ? then 'WORLDLINE' else 'NETS' end,"
                + " 'T' || m.business_key, m.booked_at, m.id from movement m where m.type = 'DEPOSIT'", worldline);
        // one aggregate, not a sub-query per account (credit_account_id has no index of its own)
        jdbc.update("""
                update account a set balance = t.total
                from (select credit_account_id as id, sum(amount) as total from movement group by credit_account_id) t
                where t.id = a.id and a.kind = 'MEMBER'""");
        jdbc.update("""
                update account_balance_shard s set balance = -t.total
                from (select debit_account_id as id, sum(amount) as total from movement group by debit_account_id) t
                where t.id = s.account_id and s.shard = 0 and s.account_id in (?, ?)""", worldline, nets);
    }

    /** Two files, one per acquirer; line g settles order g, but for the perturbations in the class comment. */
    static List<Path> generate(Path folder, int lines) throws Exception {
        Files.createDirectories(folder);
        int chargebacks = lines / 500;
        int captures = lines - chargebacks;
        List<Path> files = new ArrayList<>();
        for (String acquirer : List.of("WORLDLINE", "NETS")) {
            int parity = acquirer.equals("WORLDLINE") ? 0 : 1;
            Path file = folder.resolve("settlement_" + acquirer + "_20261123.csv");
            long count = 0;
            long signed = 0;
            long fees = 0;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("settlement_date;payout_reference;transaction_id;order_id;transaction_time;card_brand;type;amount;fee;currency\n");
                String brand = acquirer.equals("NETS") ? "DANKORT" : "VISA";
                for (int g = 1; g <= lines; g++) {
                    if (g % 2 != parity) {
                        continue;
                    }
                    boolean chargeback = g > captures;
                    int of = chargeback ? g - captures : g;  // a chargeback takes back an order captured further up
                    long amount = 100L * (1 + of % 300);
                    if (!chargeback && g % 200 == 3) {
                        amount += 100;
                    }
                    String orderId = !chargeback && g % 333 == 5 ? "X" + String.format("%09d", g) : "O" + String.format("%09d", of);
                    long fee = chargeback ? 0 : amount * 14 / 1000;
                    String type = chargeback ? "CHARGEBACK" : "CAPTURE";
                    out.write("2026-11-23;" + acquirer + "-PO-20261123;" + acquirer.charAt(0) + g + ";" + orderId + ";2026-11-20T16:04:00;" + brand + ";" + type
                            + ";" + Money.formatDkk(amount) + ";" + Money.formatDkk(fee) + ";DKK\n");
                    count++;
                    signed += chargeback ? -amount : amount;
                    fees += fee;
                }
                out.write("#TRAILER;" + count + ";" + Money.formatDkk(signed) + ";" + Money.formatDkk(fees) + ";" + Money.formatDkk(signed - fees) + "\n");
            }
            files.add(file);
        }
        return files;
    }
}
