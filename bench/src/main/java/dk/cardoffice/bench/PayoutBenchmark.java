package dk.cardoffice.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerSchema;
import dk.cardoffice.ledger.LedgerVerifier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 16: 100,000 queued withdrawals (20,000 member accounts) → one pain.001 file, validated against the official
 * schema afterwards (not timed); then the bank's pain.002 answering all 100,000 (10 % rejected AC01, the rest ACSC)
 * imported. Prints the time and peak heap of each; then verify-ledger. Targets: ≤ 10 s each on PostgreSQL with
 * -Xmx256m, memory flat.
 *
 * <pre>java -Xmx256m -jar bench/target/cardoffice-bench.jar payouts [withdrawals=100000] [postgresql,h2]</pre>
 */
public final class PayoutBenchmark {

    private static final int MEMBERS = 20_000;

    private PayoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int withdrawals = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String databases = args.length > 1 ? args[1] : "postgresql";
        Path work = Files.createTempDirectory("cardoffice-payout-bench");
        System.out.printf("payout benchmark: %,d queued withdrawals of %,d accounts; max heap %d MiB; files in %s%n", withdrawals, MEMBERS,
                Measure.maxHeapMib(), work);
        if (databases.contains("postgresql")) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start()) {
                run("PostgreSQL", postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true", "postgres", "postgres", work, withdrawals);
            }
        }
        if (databases.contains("h2")) {
            run("H2", "jdbc:h2:file:" + work.resolve("h2/cardoffice") + LedgerSchema.H2_URL_OPTIONS, "sa", "", work, withdrawals);
        }
    }

    private static void run(String database, String url, String user, String password, Path work, int withdrawals) throws Exception {
        Path home = work.resolve("home-" + database);
        try (ConfigurableApplicationContext context = new SpringApplication(BenchApplication.class).run("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password, "--cardoffice.home=" + home,
                "--cardoffice.schedules.enabled=false", "--logging.level.root=WARN")) {
            JobStarter jobs = context.getBean(JobStarter.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long prepareStart = System.nanoTime();
            prepare(jdbc, withdrawals);
            System.out.printf("  %-10s %,d withdrawals queued in %.1f s (set-based, not timed below)%n", database, withdrawals,
                    (System.nanoTime() - prepareStart) / 1e9);

            Measure.resetPeakHeap();
            long start = System.nanoTime();
            JobExecution run = jobs.awaitEnd(jobs.start(PayoutRunJobConfig.JOB_NAME, Map.of()), Duration.ofHours(1));
            double seconds = (System.nanoTime() - start) / 1e9;
            Path file;
            try (var files = Files.list(home.resolve("outbox/payouts"))) {
                file = files.filter(f -> f.getFileName().toString().endsWith(".xml")).findFirst().orElseThrow();
            }
            System.out.printf("  %-10s payout-run %s: %,d withdrawals → %s (%,d KiB) in %.1f s = %,.0f withdrawals/s; peak heap %d MiB%n", database,
                    run.getExitStatus().getExitCode(), withdrawals, file.getFileName(), Files.size(file) / 1024, seconds, withdrawals / seconds,
                    Measure.peakHeapMib());
            long validateStart = System.nanoTime();
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(PayoutBenchmark.class.getResourceAsStream("/iso20022/pain.001.001.03.xsd"))).newValidator()
                    .validate(new StreamSource(file.toFile()));
            System.out.printf("  %-10s the file is valid against the official pain.001.001.03 schema (checked in %.1f s, not timed)%n", database,
                    (System.nanoTime() - validateStart) / 1e9);

            String msgId = jdbc.queryForObject("select msg_id from payout_file", String.class);
            Path report = Files.createDirectories(home.resolve("archive/bank-status/bench")).resolve("pain002_bench.xml");
            writeReport(report, msgId, jdbc);
            Measure.resetPeakHeap();
            start = System.nanoTime();
            JobExecution imported = jobs.awaitEnd(jobs.start(BankStatusImportJobConfig.JOB_NAME, Map.of("file", report.toString())), Duration.ofHours(1));
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  %-10s bank-status-import %s: %,d statuses in %.1f s = %,.0f statuses/s; peak heap %d MiB%n", database,
                    imported.getExitStatus().getExitCode(), withdrawals, seconds, withdrawals / seconds, Measure.peakHeapMib());
            for (org.springframework.batch.core.step.StepExecution step : imported.getStepExecutions()) {
                System.out.printf("  %-10s   step %-24s %6.1f s, %,d written%n", database, step.getStepName(),
                        Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1e3, step.getWriteCount());
            }
            System.out.printf("  %-10s withdrawals: %s; rejection e-mails: %,d%n", database,
                    String.join(", ", jdbc.queryForList("select status || ' ' || count(*) from withdrawal group by status order by 1", String.class)),
                    jdbc.queryForObject("select count(*) from mail_outbox where message_key like 'payout-rejected:%'", Long.class));
            LedgerReport verified = context.getBean(LedgerVerifier.class).verify();
            System.out.printf("  %-10s verify-ledger: %s%n", database, verified.intact() ? "OK" : verified.render());
        }
    }

    /**
     * Members with 5,000 DKK each (a deposit), then withdrawal g (1..n) of 1–500 DKK from account g mod 20,000 reserved
     * as the portal does: the movement member → payout clearing and the QUEUED row, recipient names with æøå, account
     * numbers of 1–10 digits.
     */
    private static void prepare(JdbcTemplate jdbc, int n) {
        jdbc.update("""
                insert into member (cpr_hmac, cpr_masked, first_name, last_name, status)
                select lpad(cast(g as varchar), 64, '0'), '010115-xxxx', 'Payout', 'Bench' || cast(g as varchar), 'ACTIVE' from generate_series(1, ?) g""",
                MEMBERS);
        jdbc.update("insert into account (account_no, kind, name, member_id) select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id"
                + " from member m order by m.id");
        long firstAccount = jdbc.queryForObject("select min(id) from account where kind = 'MEMBER'", Long.class);
        long worldline = jdbc.queryForObject("select id from account where account_no = 'ACQ-WORLDLINE'", Long.class);
        long clearing = jdbc.queryForObject("select id from account where account_no = 'PAYOUT-CLEARING'", Long.class);
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'O' || lpad(cast(g as varchar), 9, '0'), 1, ?, ? + g, ? + g, 500000,
                       timestamp with time zone '2026-12-01 16:04:00+01:00', 'Indbetaling'
                from generate_series(0, ? - 1) g""", worldline, firstAccount, firstAccount, MEMBERS);
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'WITHDRAWAL', 'WITHDRAWAL', 'WB' || lpad(cast(g as varchar), 9, '0'), 1, ? + mod(g, ?), ?, ? + mod(g, ?), 100 * (1 + mod(g, 500)),
                       timestamp with time zone '2026-12-05 12:00:00+01:00', 'Udbetaling'
                from generate_series(1, ?) g""", firstAccount, MEMBERS, clearing, firstAccount, MEMBERS, n);
        jdbc.update("""
                insert into withdrawal (request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, text, email, status,
                                        ledger_transaction_id)
                select m.business_key, m.debit_account_id, m.amount, 'Søren Ærø Østergård ' || m.id, '1234',
                       substring('9876543210' from 1 for 1 + mod(cast(m.id as integer), 10)), 'Lommepenge æøå', 'forælder@example.dk', 'QUEUED', m.id
                from movement m where m.type = 'WITHDRAWAL'""");
        BenchLedger.balancesFromMovements(jdbc, worldline, clearing);
    }

    /** The bank's answer: every transaction with its own status, every tenth RJCT AC01, the rest ACSC. Streamed. */
    private static void writeReport(Path report, String msgId, JdbcTemplate jdbc) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">\n<CstmrPmtStsRpt>\n"
                    + "<GrpHdr><MsgId>BENCH-PSR-1</MsgId><CreDtTm>2026-12-07T07:00:00</CreDtTm></GrpHdr>\n<OrgnlGrpInfAndSts><OrgnlMsgId>" + msgId
                    + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>\n"
                    + "<OrgnlPmtInfAndSts><OrgnlPmtInfId>" + msgId + "-1</OrgnlPmtInfId>\n");
            int[] i = {0};
            jdbc.query("select request_id from withdrawal order by id", rs -> {
                try {
                    boolean rejected = ++i[0] % 10 == 0;
                    out.write("<TxInfAndSts><OrgnlEndToEndId>" + rs.getString(1) + "</OrgnlEndToEndId><TxSts>" + (rejected ? "RJCT" : "ACSC")
                            + "</TxSts>" + (rejected ? "<StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf>" : "") + "</TxInfAndSts>\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            out.write("</OrgnlPmtInfAndSts>\n</CstmrPmtStsRpt>\n</Document>\n");
        }
    }
}
