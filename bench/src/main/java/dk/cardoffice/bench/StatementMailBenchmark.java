package dk.cardoffice.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dk.cardoffice.batch.statements.StatementsJobConfig;
import dk.cardoffice.ledger.LedgerVerifier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 17: 100,000 accounts with movements on one day (a top-up and two purchases with items each, one guardian with an
 * e-mail address each) → the statements job renders every Kontoudtog (text + HTML) and hands it to a local SMTP server
 * (GreenMail, in this process: every message stored in one mailbox that is emptied as they arrive, so its memory does not count). Prints
 * messages/s and peak heap. Target: ≤ 60 s on PostgreSQL with -Xmx512m.
 *
 * <pre>java -Xmx512m -jar bench/target/cardoffice-bench.jar statements [accounts=100000]</pre>
 */
public final class StatementMailBenchmark {

    private StatementMailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("cardoffice-statements-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // every recipient's message goes into one mailbox, counted as it is stored and emptied twice a second: GreenMail's in-memory
        // store looks a recipient's mailbox up by scanning a list of all of them, so 100,000 distinct guardians would make the test
        // server quadratic (measured: 139 messages/s at 100,000); a real MTA queues to disk and has no such cost
        GreenMailUser mailbox = smtp.getUserManager().createUser("all@bench.example.dk", "all", "all");
        AtomicLong received = new AtomicLong();
        smtp.getUserManager().setMessageDeliveryHandler((message, address) -> {
            received.incrementAndGet();
            return mailbox;
        });
        ScheduledExecutorService drain = Executors.newSingleThreadScheduledExecutor();
        drain.scheduleWithFixedDelay(() -> {
            try {
                smtp.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        System.out.printf("statements benchmark: %,d accounts with movements on one day; max heap %d MiB; SMTP (GreenMail) on port %d%n", accounts,
                Measure.maxHeapMib(), port);
        EmbeddedPostgres.Builder postgresBuilder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
        boolean statements = Boolean.getBoolean("bench.statements"); // diagnosis: where PostgreSQL's time goes, per statement
        if (statements) {
            postgresBuilder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres postgres = postgresBuilder.start();
             ConfigurableApplicationContext context = new SpringApplication(BenchApplication.class).run(
                     "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true",
                     "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--cardoffice.home=" + work.resolve("home"),
                     "--cardoffice.schedules.enabled=false", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + port, "--cardoffice.mail.poll=1h",
                     "--logging.level.root=WARN")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            LocalDate day = LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(1);
            long prepareStart = System.nanoTime();
            prepare(jdbc, context.getBean(dk.cardoffice.ledger.Accounts.class), accounts, day);
            System.out.printf("  %,d accounts, guardians and %,d movements made in %.1f s (set-based, not timed below)%n", accounts, 3L * accounts,
                    (System.nanoTime() - prepareStart) / 1e9);

            MeasuredJob measured = MeasuredJob.run(context, StatementsJobConfig.JOB_NAME, Map.of("date", day.toString()), statements);
            JobExecution run = measured.execution();
            double seconds = measured.seconds();
            long delivered = jdbc.queryForObject("select count(*) from mail_outbox where delivered_at is not null", Long.class);
            System.out.printf("  statements %s: %,d messages queued, %,d delivered (acknowledged by the SMTP server), %,d received by it, in %.1f s = %,.0f messages/s; peak heap %d MiB%n", run.getExitStatus().getExitCode(),
                    jdbc.queryForObject("select count(*) from mail_outbox", Long.class), delivered, received.get(), seconds, delivered / seconds,
                    measured.peakHeapMib());
            System.out.printf("    CPU: this JVM (cardoffice and GreenMail) %.1f s, PostgreSQL %.1f s%n", measured.jvmCpuSeconds(),
                    measured.postgresCpuSeconds());
            for (StepExecution step : run.getStepExecutions()) {
                System.out.printf("    step %-20s %6.1f s, %,d written%n", step.getStepName(),
                        Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1e3, step.getWriteCount());
            }
            if (statements) {
                Measure.printPostgresStatements(jdbc, "the statements job");
            }
            System.out.printf("  verify-ledger: %s%n", context.getBean(LedgerVerifier.class).verify().intact() ? "OK" : "FAILED");
        } finally {
            drain.shutdownNow();
            smtp.stop();
        }
    }

    /** Member g (1..n): an account, a guardian with an address; that day a top-up of 200 DKK at 08:00 and two purchases. */
    private static void prepare(JdbcTemplate jdbc, dk.cardoffice.ledger.Accounts ledgerAccounts, int n, LocalDate day) {
        jdbc.update("""
                insert into member (cpr_hmac, cpr_masked, first_name, last_name, status)
                select lpad(cast(g as varchar), 64, '0'), '010115-xxxx', 'Søren', 'Ærø ' || cast(g as varchar), 'ACTIVE' from generate_series(1, ?) g""", n);
        jdbc.update("insert into account (account_no, kind, name, member_id) select cast(10000000 + m.id as varchar), 'MEMBER', m.last_name, m.id"
                + " from member m order by m.id");
        jdbc.update("""
                insert into guardian (cpr_hmac, cpr_masked, name, email)
                select 'g' || lpad(cast(g as varchar), 63, '0'), '010180-xxxx', 'Mette Ærø ' || cast(g as varchar), 'mette' || cast(g as varchar) || '@example.dk'
                from generate_series(1, ?) g""", n);
        jdbc.update("""
                insert into member_guardian (member_id, guardian_id, source, source_ref)
                select m.id, g.id, 'ENROLMENT', 'BENCH' from member m join guardian g on g.cpr_hmac = 'g' || substring(m.cpr_hmac from 2)""");
        jdbc.update("insert into institution (institution_no, name, type) values ('265011', 'Roskilde Lilleskole', 'SCHOOL') on conflict do nothing");
        long sales = ledgerAccounts.salesPayableAccountId("265011");
        jdbc.update("insert into sales_file (file_sha256) values ('bench')");
        long file = jdbc.queryForObject("select id from sales_file where file_sha256 = 'bench'", Long.class);
        long worldline = jdbc.queryForObject("select id from account where account_no = 'ACQ-WORLDLINE'", Long.class);
        String at = day + " %s+01:00";
        jdbc.update("""
                insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                      description)
                select 'DEPOSIT', 'DEPOSIT', 'O' || cast(a.id as varchar), 1, ?, a.id, a.id, 20000, cast(? as timestamp with time zone), 'Indbetaling'
                from account a where a.kind = 'MEMBER'""", worldline, String.format(at, "08:00:00"));
        for (String[] sale : new String[][] {{"S1", "11:42:07", "1400", "101\tOstehøps\t1\t300\n102\tYoghurt\t1\t600\n103\tStor Grovbolle\t1\t500\n"},
                {"S2", "14:05:00", "850", "201\tKakaomælk\t1\t850\n"}}) {
            jdbc.update("""
                    insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                                          institution_no, institution_type, card_number, items, sales_file_id, line_no)
                    select 'SALE', 'SALE', 'T1:' || ? || '-' || cast(a.id as varchar), 1, a.id, ?, a.id, ?, cast(? as timestamp with time zone),
                           '265011', 'SCHOOL', 'AB12CD34', ?, ?, 1
                    from account a where a.kind = 'MEMBER'""", sale[0], sales, Long.parseLong(sale[2]), String.format(at, sale[1]), sale[3], file);
        }
        BenchLedger.balancesFromMovements(jdbc, worldline, sales);
    }
}
