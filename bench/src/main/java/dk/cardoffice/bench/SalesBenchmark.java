package dk.cardoffice.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.sales.SalesPostingJobConfig;
import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerSchema;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.card.CardNumbers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The headline benchmark (issue 5): generates 1,000,000 item lines (≈ 330,000 sales of 1–5 items,
 * 20,000 cards, 50 terminals at 25 schools and clubs, ≈ 1 % flagged: unknown and blocked cards),
 * posts them with sales-posting on PostgreSQL and times, in the same run, a raw {@code COPY} of the
 * same rows into an unindexed table as the physical baseline; then the same posting on H2. Prints
 * lines/s, the ratio to COPY and the peak heap. Target: ≥ 50,000 lines/s on PostgreSQL and within 4×
 * of COPY, with -Xmx512m and memory flat whatever the file size.
 *
 * <pre>java -Xmx512m -jar bench/target/cardoffice-bench.jar sales [lines=1000000] [postgresql,h2]</pre>
 */
public final class SalesBenchmark {

    private static final int TERMINALS = 50;
    private static final int CARDS = 20_000;
    private static final String[][] ITEMS = {{"1001", "Ostehøps", "3.00"}, {"1002", "Yoghurt", "6.00"}, {"1003", "Stor Grovbolle", "5.00"},
            {"1010", "Mælk 0,5 l", "4.50"}, {"1004", "Æble", "2.00"}, {"1020", "Sandwich kylling", "22.00"}, {"1021", "Juice appelsin", "8.00"},
            {"M02", "Saftevand", "3.00"}, {"A07", "Perler til perleplade", "15.00"}, {"B01", "Biograftur", "40.00"}};

    private SalesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String databases = args.length > 1 ? args[1] : "postgresql,h2";
        Path work = Files.createTempDirectory("cardoffice-sales-bench");
        List<String> cards = cards();
        List<Path> files = generate(work.resolve("files"), lines, cards);
        System.out.printf("sales benchmark: %,d item lines in %d files (one per terminal), %,d cards; max heap %d MiB; files in %s%n",
                lines, files.size(), CARDS, Measure.maxHeapMib(), work);

        if (databases.contains("postgresql")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
            if (System.getProperty("bench.slowStatementMillis") != null) {
                // diagnosis: PostgreSQL logs every statement slower than this
                builder.setServerConfig("log_min_duration_statement", System.getProperty("bench.slowStatementMillis"));
            }
            if (Boolean.getBoolean("bench.statements")) {
                // diagnosis: where PostgreSQL's time goes, per statement, printed after the first posting
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            try (EmbeddedPostgres postgres = builder.start()) {
                run("PostgreSQL", postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true", "postgres", "postgres", work, files,
                        cards, lines);
            }
        }
        if (databases.contains("h2")) {
            run("H2", "jdbc:h2:file:" + work.resolve("h2/cardoffice") + LedgerSchema.H2_URL_OPTIONS, "sa", "", work, files, cards, lines);
        }
    }

    private static void run(String database, String url, String user, String password, Path work, List<Path> files, List<String> cards, int lines)
            throws Exception {
        SpringApplication application = new SpringApplication(BenchApplication.class);
        try (ConfigurableApplicationContext context = application.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--cardoffice.home=" + work.resolve("home-" + database),
                "--cardoffice.sales.chunk-size=" + System.getProperty("bench.chunkSize", "2000"),
                "--cardoffice.jobs.concurrency=" + System.getProperty("bench.concurrency", "4"), "--logging.level.root=WARN")) {
            JobStarter jobs = context.getBean(JobStarter.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            prepare(jdbc, cards);

            double copySeconds = database.equals("PostgreSQL") ? copyBaseline(context.getBean(DataSource.class), files) : Double.NaN;
            if (database.equals("PostgreSQL")) {
                System.out.println("  PostgreSQL " + jdbc.queryForObject("select 'collation ' || datcollate || ', shared_buffers ' || current_setting('shared_buffers')"
                        + " || ', synchronous_commit ' || current_setting('synchronous_commit') from pg_database where datname = current_database()",
                        String.class));
            }

            // a job takes files from its feed's folders only (JobStarter): the generated files are linked into archive/sales/
            List<Path> archived = BenchFiles.intoArchive(work.resolve("home-" + database), "sales", "first", files, false);
            if (database.equals("PostgreSQL") && Boolean.getBoolean("bench.statements")) {
                jdbc.execute("create extension if not exists pg_stat_statements");
                jdbc.execute("select pg_stat_statements_reset()");
            }
            int warmup = Integer.getInteger("bench.warmup", 0);
            if (warmup > 0) {
                // a service that has posted files before: the same code paths compiled by the JIT (other terminals, same cards)
                List<Path> warm = generate(work.resolve("warmup-" + database), warmup, cards, "WARMUP-");
                long warmStart = System.nanoTime();
                postAll(jobs, BenchFiles.intoArchive(work.resolve("home-" + database), "sales", "warmup", warm, false));
                System.out.printf("  %-10s warm-up: %,d lines of other terminals posted first in %.1f s%n", database, warmup,
                        (System.nanoTime() - warmStart) / 1e9);
            }
            Measure.resetPeakHeap();
            double jvmCpu = Measure.jvmCpuSeconds();
            double postgresCpu = Measure.postgresCpuSeconds();
            long start = System.nanoTime();
            long failed = postAll(jobs, archived);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = Measure.peakHeapMib();
            System.out.printf("  %-10s posted %,d lines in %.1f s = %,.0f lines/s; peak heap %d MiB; failed files %d; CPU: this JVM %.1f s,"
                    + " postgres processes %.1f s%n", database, lines, seconds, lines / seconds, peak, failed, Measure.jvmCpuSeconds() - jvmCpu,
                    Measure.postgresCpuSeconds() - postgresCpu);
            if (database.equals("PostgreSQL") && Boolean.getBoolean("bench.statements")) {
                Measure.printPostgresStatements(jdbc, "the posting");
            }
            if (!Double.isNaN(copySeconds)) {
                System.out.printf("  %-10s COPY of the same %,d rows into an unindexed table: %.1f s = %,.0f lines/s; posting takes %.1f× COPY%n",
                        database, lines, copySeconds, lines / copySeconds, seconds / copySeconds);
            }
            System.out.printf("  %-10s check: %,d sales, %,d movements, %,d flags (%s), %,d rejected or duplicate%n", database,
                    jdbc.queryForObject("select count(*) from movement where key_space = 'SALE'", Long.class),
                    jdbc.queryForObject("select count(*) from movement", Long.class),
                    jdbc.queryForObject("select count(*) from sale_flag", Long.class),
                    String.join(", ", jdbc.queryForList("select flag || ' ' || count(*) from sale_flag group by flag order by flag", String.class)),
                    jdbc.queryForObject("select count(*) from sale_reject", Long.class));
            long verifyStart = System.nanoTime();
            LedgerReport report = context.getBean(LedgerVerifier.class).verify();
            System.out.printf("  %-10s verify-ledger in %.1f s: %s%n", database, (System.nanoTime() - verifyStart) / 1e9,
                    report.intact() ? "OK" : report.render());
            if (!Double.isNaN(copySeconds)) {
                double floor = ledgerRowsFloor(context.getBean(DataSource.class), work, null);
                System.out.printf("  %-10s floor: COPY of only the rows posting left (one movement per sale) into an empty copy of"
                        + " its table with the same indexes: %.1f s = %.1f× the raw COPY; posting takes %.1f× this floor%n", database, floor,
                        floor / copySeconds, seconds / floor);
                String without = System.getProperty("bench.floorWithout");
                if (without != null) {
                    double less = ledgerRowsFloor(context.getBean(DataSource.class), work, without);
                    System.out.printf("  %-10s floor without the index on %s: %.1f s = %.1f× the raw COPY%n", database, without, less, less / copySeconds);
                }
            }

            if (!Double.isNaN(copySeconds)) {
                double[] setBased = setBasedFloor(context.getBean(DataSource.class), files);
                System.out.printf("  %-10s another design, measured: the lines COPY'd into a staging table (%.1f s) and posted set-based in SQL (one"
                        + " movement per sale with card, items and file line, on conflict do nothing: %.1f s; member balances: %.1f s), one"
                        + " connection, no flags or rejects: %.1f s = %.1f× the raw COPY%n", database, setBased[0], setBased[1], setBased[2],
                        setBased[0] + setBased[1] + setBased[2], (setBased[0] + setBased[1] + setBased[2]) / copySeconds);
            }

            if (Boolean.getBoolean("bench.firstOnly")) {
                return; // diagnosis: only the first posting
            }
            // the same sales again, as after a terminal re-sends its files (the copies have CRLF line ends, so they are new files
            // to the intake and to the job; every sale in them is a DUPLICATE)
            List<Path> resent = BenchFiles.intoArchive(work.resolve("home-" + database), "sales", "resent", files, true);
            long rejectsBefore = jdbc.queryForObject("select count(*) from sale_reject", Long.class);
            long resendStart = System.nanoTime();
            long resendFailed = postAll(jobs, resent);
            double resendSeconds = (System.nanoTime() - resendStart) / 1e9;
            System.out.printf("  %-10s re-sent: the same %,d lines again in %.1f s (%.2f× the first posting); %,d sales reported DUPLICATE;"
                    + " failed files %d%n", database, lines, resendSeconds, resendSeconds / seconds,
                    jdbc.queryForObject("select count(*) from sale_reject", Long.class) - rejectsBefore, resendFailed);
            if (!Double.isNaN(copySeconds)) {
                double plain = PlainInsertJob.run(context, files);
                System.out.printf("  %-10s plain Spring Batch job (FlatFileItemReader -> JdbcBatchItemWriter, one insert per line, no checks, no"
                        + " ledger): %.1f s = %.1f× COPY; posting took %.2f× the plain insert%n", database, plain, plain / copySeconds, seconds / plain);
            }
            System.out.printf("  %-10s verify-ledger after all: %s%n", database, context.getBean(LedgerVerifier.class).verify().intact() ? "OK" : "FAILED");
        }
    }

    /** Launches every file (the job launcher runs 4 at a time) and waits for all; the number that did not complete. */
    private static long postAll(JobStarter jobs, List<Path> files) {
        List<Long> executions = new ArrayList<>();
        for (Path file : files) {
            executions.add(jobs.start(SalesPostingJobConfig.JOB_NAME, Map.of("file", file.toString())));
        }
        long failed = 0;
        for (long id : executions) {
            JobExecution end = jobs.awaitEnd(id, Duration.ofHours(1));
            if (!end.getExitStatus().getExitCode().equals("COMPLETED")) {
                failed++;
                System.out.println("  " + end.getJobParameters().getString("file") + ": " + end.getExitStatus());
            }
        }
        return failed;
    }

    /** Institutions, 20,000 members with accounts, cards and a 2,000 DKK deposit each; 0.5 % of the cards blocked last week. */
    private static void prepare(JdbcTemplate jdbc, List<String> cards) {
        List<Object[]> institutions = new ArrayList<>();
        for (int i = 0; i < TERMINALS / 2; i++) {
            institutions.add(new Object[] {institution(i), "Bench " + i, i % 3 == 0 ? "CLUB" : "SCHOOL"});
        }
        jdbc.batchUpdate("insert into institution (institution_no, name, type) values (?, ?, ?)", institutions);
        List<Object[]> members = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            members.add(new Object[] {String.format("%064d", i), "Bench" + i});
        }
        jdbc.batchUpdate("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Sale', ?, 'ACTIVE')",
                members);
        jdbc.update("""
                insert into account (account_no, kind, name, member_id)
                select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id from member m where m.first_name = 'Sale'""");
        List<Long> accountIds = jdbc.queryForList("select id from account where kind = 'MEMBER' order by id", Long.class);
        List<Object[]> cardRows = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            boolean blocked = i % 200 == 7;
            cardRows.add(new Object[] {cards.get(i), accountIds.get(i), blocked ? "BLOCKED" : "ACTIVE",
                    blocked ? java.sql.Timestamp.valueOf("2026-11-13 08:00:00") : null});
        }
        jdbc.batchUpdate("insert into card (card_number, account_id, status, blocked_at) values (?, ?, ?, ?)", cardRows);
        long receivable = jdbc.queryForObject("select id from account where account_no = 'ACQ-NETS'", Long.class);
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'bench-' || a.id, 1, ?, a.id, a.id, 200000, timestamp with time zone '2026-11-01 08:00:00+01:00', 'Indsat'
                from account a where a.kind = 'MEMBER'""", receivable);
        jdbc.update("update account set balance = 200000 where kind = 'MEMBER'");
        jdbc.update("update account_balance_shard set balance = ? where account_id = ? and shard = 0", -200000L * CARDS, receivable);
    }

    /** The physical baseline: the same item lines, COPY'd as they are into a table without any index. */
    private static double copyBaseline(DataSource dataSource, List<Path> files) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("""
                    create table bench_sales_copy (terminal_id varchar(40), institution_no varchar(6), sale_id varchar(60), sold_at timestamp,
                        card_number varchar(8), type varchar(6), item_code varchar(40), item_name varchar(100), quantity integer, unit_price varchar(20))""");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (Path file : files) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    copy.copyIn("copy bench_sales_copy from stdin with (format csv, delimiter ';', header true)", withoutTrailer(in));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.createStatement().execute("drop table bench_sales_copy");
            return seconds;
        }
    }

    /**
     * The physical floor of posting: what it costs only to store the rows sales-posting must keep — one movement per sale, with the indexes the ledger needs (unique keys, lookups) — with COPY, without
     * any duplicate check, card lookup or balance update. Rows are exported to a file first; only the COPY in is timed.
     */
    private static double ledgerRowsFloor(DataSource dataSource, Path work, String withoutIndexOn) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Path rows = work.resolve("floor-movement.copy");
            if (!Files.exists(rows)) {
                try (var out = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
                    copy.copyOut("copy (select * from movement where key_space = 'SALE') to stdout", out);
                }
            }
            connection.createStatement().execute("create table floor_movement (like movement including all)");
            if (withoutIndexOn != null) {
                // diagnosis: what the indexes on this column cost (e.g. sales_file_id: the receipt's index)
                var indexes = connection.prepareStatement("select indexname from pg_indexes where tablename = 'floor_movement' and indexdef like ?"
                        + " and indexname not like '%pkey'");
                indexes.setString(1, "%(" + withoutIndexOn + "%");
                List<String> names = new ArrayList<>();
                try (var rs = indexes.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String name : names) {
                    connection.createStatement().execute("drop index " + name);
                }
            }
            long start = System.nanoTime();
            try (Reader in = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
                copy.copyIn("copy floor_movement from stdin", in);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.createStatement().execute("drop table floor_movement");
            return seconds;
        }
    }

    /**
     * What a set-based design would cost (not what cardoffice does): every line {@code COPY}'d into a staging table with its
     * line number, then one {@code insert ... select} that groups the lines into sales, looks up card and sales account and
     * writes one movement per sale into an empty copy of the movement table (same indexes), then one update of the member
     * balances. Without the flags, rejects and receipts a real posting adds. Returns seconds {staging, movements, balances}.
     */
    private static double[] setBasedFloor(DataSource dataSource, List<Path> files) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            var sql = connection.createStatement();
            sql.execute("""
                    create unlogged table bench_stage (line_no bigint generated always as identity, terminal_id varchar(40), institution_no varchar(6),
                        sale_id varchar(60), sold_at timestamp, card_number varchar(8), type varchar(6), item_code varchar(40), item_name varchar(100),
                        quantity integer, unit_price varchar(20))""");
            sql.execute("create table set_movement (like movement including all)");
            sql.execute("create table set_account as select id, balance from account where kind = 'MEMBER'");
            sql.execute("alter table set_account add primary key (id)");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (Path file : files) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    copy.copyIn("copy bench_stage (terminal_id, institution_no, sale_id, sold_at, card_number, type, item_code, item_name, quantity,"
                            + " unit_price) from stdin with (format csv, delimiter ';', header true)", withoutTrailer(in));
                }
            }
            long staged = System.nanoTime();
            sql.execute("""
                    insert into set_movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount,
                                              booked_at, institution_no, institution_type, card_number, items, sales_file_id, line_no)
                    select s.type, 'SALE', s.terminal_id || ':' || s.sale_id, 1,
                           case when s.type = 'SALE' then coalesce(c.account_id, suspense.id) else sales.id end,
                           case when s.type = 'SALE' then sales.id else coalesce(c.account_id, suspense.id) end,
                           c.account_id, s.amount, s.sold_at at time zone 'Europe/Copenhagen', s.institution_no, i.type, s.card_number, s.items, 1,
                           s.line_no
                    from (select terminal_id, sale_id, min(line_no) as line_no, min(institution_no) as institution_no, min(sold_at) as sold_at,
                                 min(card_number) as card_number, min(type) as type,
                                 sum(quantity * cast(replace(unit_price, '.', '') as bigint)) as amount,
                                 string_agg(item_code || chr(9) || item_name || chr(9) || quantity || chr(9) || replace(unit_price, '.', ''), chr(10)
                                            order by line_no) as items
                          from bench_stage group by terminal_id, sale_id) s
                    join institution i on i.institution_no = s.institution_no
                    join account sales on sales.institution_no = s.institution_no and sales.kind = 'SALES_PAYABLE'
                    left join card c on c.card_number = s.card_number
                    cross join (select id from account where kind = 'SUSPENSE') suspense
                    order by 3
                    on conflict do nothing""");
            long moved = System.nanoTime();
            sql.execute("""
                    update set_account a set balance = a.balance + d.delta
                    from (select member_account_id as id, sum(case when type = 'SALE' then -amount else amount end) as delta from set_movement
                          where member_account_id is not null group by member_account_id order by 1) d
                    where a.id = d.id""");
            long balanced = System.nanoTime();
            sql.execute("drop table bench_stage");
            sql.execute("drop table set_movement");
            sql.execute("drop table set_account");
            return new double[] {(staged - start) / 1e9, (moved - staged) / 1e9, (balanced - moved) / 1e9};
        }
    }

    /** The file as COPY reads it: every line but the trailer. */
    private static Reader withoutTrailer(Reader in) {
        BufferedReader lines = new BufferedReader(in, 256 * 1024);
        return new Reader() {
            private String pending = "";
            private int at;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                while (at >= pending.length()) {
                    String line = lines.readLine();
                    if (line == null) {
                        return -1;
                    }
                    pending = line.startsWith("#TRAILER") ? "" : line + "\n";
                    at = 0;
                }
                int n = Math.min(length, pending.length() - at);
                pending.getChars(at, at + n, buffer, offset);
                at += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    private static List<String> cards() {
        List<String> cards = new ArrayList<>(CARDS);
        for (long n = 1; cards.size() < CARDS; n++) {
            CardNumbers.fromSequence(n).ifPresent(cards::add);
        }
        return cards;
    }

    private static String institution(int i) {
        return Integer.toString(500_000 + i);
    }

    /** One file per terminal, streamed to disk; sales of 1–5 items, 0.5 % on cards nobody issued. */
    static List<Path> generate(Path folder, int lines, List<String> cards) throws IOException {
        return generate(folder, lines, cards, "BENCH-");
    }

    /** The files of terminals named {@code prefix} + 0..49. */
    static List<Path> generate(Path folder, int lines, List<String> cards, String prefix) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(42);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        List<Path> files = new ArrayList<>();
        int perFile = lines / TERMINALS;
        for (int t = 0; t < TERMINALS; t++) {
            String terminal = prefix + t;
            String institution = institution(t / 2);
            Path file = folder.resolve("sales_" + terminal + "_20261120190000.csv");
            int count = t == TERMINALS - 1 ? lines - perFile * (TERMINALS - 1) : perFile;
            long sum = 0;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n");
                LocalDateTime soldAt = LocalDateTime.of(2026, 11, 20, 7, 30);
                int written = 0;
                for (int sale = 1; written < count; sale++) {
                    String card = random.nextInt(200) == 0 ? "ZZ" + String.format("%06d", random.nextInt(1_000_000)) : cards.get(random.nextInt(cards.size()));
                    String type = random.nextInt(100) == 0 ? "REFUND" : "SALE";
                    soldAt = soldAt.plusSeconds(1 + random.nextInt(5));
                    int items = Math.min(count - written, 1 + random.nextInt(5));
                    for (int i = 0; i < items; i++) {
                        String[] item = ITEMS[random.nextInt(ITEMS.length)];
                        int quantity = 1 + random.nextInt(2);
                        long amount = quantity * Long.parseLong(item[2].replace(".", ""));
                        sum += type.equals("SALE") ? amount : -amount;
                        out.write(terminal + ";" + institution + ";" + sale + ";" + time.format(soldAt) + ";" + card + ";" + type + ";" + item[0] + ";"
                                + item[1] + ";" + quantity + ";" + item[2] + "\n");
                        written++;
                    }
                }
                out.write("#TRAILER;" + count + ";" + java.math.BigDecimal.valueOf(sum, 2).toPlainString() + "\n");
            }
            files.add(file);
        }
        return files;
    }
}
