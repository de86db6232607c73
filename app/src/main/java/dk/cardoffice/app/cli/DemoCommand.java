package dk.cardoffice.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.cardorders.CardOrderExportJobConfig;
import dk.cardoffice.batch.enrolment.EnrolmentImportJobConfig;
import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.batch.finance.FinanceReportJobConfig;
import dk.cardoffice.batch.statements.StatementsJobConfig;
import dk.cardoffice.batch.sales.SalesPostingJobConfig;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.support.OutboxFiles;
import dk.cardoffice.integrations.intake.FileIntake;
import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.portal.Withdrawals;

/**
 * {@code demo} (contract §11): runs every pipeline that exists once over the sample files in a
 * fresh home and prints what it did and where the outputs are. Inbound files go through the same
 * intake as in service (registry, archive, job), called directly instead of waiting for the poller.
 */
@Component
public class DemoCommand {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private final HomeFolders home;
    private final JobStarter jobs;
    private final JobRepository jobRepository;
    private final FileIntake intake;
    private final JdbcTemplate jdbc;
    private final LedgerVerifier verifier;
    private final Deposits deposits;
    private final Withdrawals withdrawals;
    private final TransactionTemplate transactions;

    public DemoCommand(HomeFolders home, JobStarter jobs, JobRepository jobRepository, FileIntake intake, JdbcTemplate jdbc,
            LedgerVerifier verifier, Deposits deposits, Withdrawals withdrawals, PlatformTransactionManager transactionManager) {
        this.home = home;
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.intake = intake;
        this.jdbc = jdbc;
        this.verifier = verifier;
        this.deposits = deposits;
        this.withdrawals = withdrawals;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public int run(PrintStream out) {
        out.println("cardoffice demo");
        out.println("  home: " + home.home());
        out.println("  database: embedded H2 under " + home.db() + " (unless spring.datasource.url is set)");
        out.println();
        boolean ok = true;

        out.println("Enrolment snapshots from the school system (sample-files/enrolment/):");
        for (Path file : dropSamples("enrolment")) {
            FileIntake.Result result = intake.accept(EnrolmentImportJobConfig.FEED, EnrolmentImportJobConfig.JOB_NAME, file);
            Map<String, Long> lines = jdbc.queryForList("""
                    select coalesce(l.status, o.status) as status, count(*) as n
                    from enrolment_line l left join enrolment_outcome o on o.sha256 = l.sha256 and o.line_no = l.line_no
                    where l.sha256 = ? group by coalesce(l.status, o.status)""",
                    result.sha256()).stream().collect(Collectors.toMap(r -> String.valueOf(r.get("status")), r -> ((Number) r.get("n")).longValue()));
            Long ended = jdbc.queryForObject("select count(*) from enrolment where ended_by_file = ?", Long.class, result.sha256());
            out.printf("  %-40s %s  created %d, updated %d, unchanged %d, rejected %d, ended %d%n", result.fileName(), result.exitCode(),
                    lines.getOrDefault("CREATED", 0L), lines.getOrDefault("UPDATED", 0L), lines.getOrDefault("UNCHANGED", 0L),
                    lines.getOrDefault("REJECTED", 0L), ended);
            ok &= "COMPLETED".equals(result.exitCode());
        }
        out.println("    receipts for school admin:       " + home.outbox("enrolment-receipts"));
        out.println("    files as received (archive):     " + home.home().resolve("archive/enrolment"));
        out.println("    notices to guardians (.eml):     " + home.outbox("mail") + " (" + count(home.outbox("mail"), ".eml") + " messages)");
        out.println();

        out.println("Parents' portal (the portal API's code path, without HTTP):");
        List<String> accountNos = jdbc.queryForList("select account_no from account where kind = 'MEMBER' order by account_no limit 5", String.class);
        // the top-ups sample-files/settlement/ settles (order id, acquirer, DKK)
        String[][] topUps = {{"190402400049057788", "WORLDLINE", "200"}, {"190402400049057789", "NETS", "150"}, {"190402400049057790", "WORLDLINE", "100"},
                {"190402400049057791", "NETS", "50"}, {"190402400049057792", "WORLDLINE", "300"}};
        for (int i = 0; i < topUps.length && !accountNos.isEmpty(); i++) {
            String[] topUp = topUps[i];
            String accountNo = accountNos.get(i % accountNos.size());
            Deposits.Recorded recorded = transactions.execute(tx -> deposits.record(new Deposits.Deposit(topUp[0], accountNo,
                    Long.parseLong(topUp[2]) * 100, topUp[1], "T-" + topUp[0], Instant.parse("2026-11-20T15:04:00Z")), Instant.now()));
            out.printf("  deposit %s  %s DKK via %-9s to account %s, balance %s DKK%n", topUp[0], Money.formatDkk(recorded.amountOre()), topUp[1],
                    recorded.accountNo(), Money.formatDkk(recorded.balanceOre()));
        }
        if (!accountNos.isEmpty()) {
            Withdrawals.Queued queued = transactions.execute(tx -> withdrawals.reserve(new Withdrawals.Withdrawal("W-DEMO-1", accountNos.get(0), 50_00,
                    "Mette Ærø", "1234", "0012345678", "Lommepenge", "mette.aero@example.dk"), Instant.now()));
            out.printf("  withdrawal %s  %s DKK from account %s to reg. 1234 account 0012345678 (%s for the next payout run), balance %s DKK%n",
                    queued.requestId(), Money.formatDkk(queued.amountOre()), queued.accountNo(), queued.status(), Money.formatDkk(queued.balanceOre()));
        }
        if (accountNos.size() > 1) {
            // the bank's sample answer rejects this one: the account number does not exist at the receiving bank
            Withdrawals.Queued queued = transactions.execute(tx -> withdrawals.reserve(new Withdrawals.Withdrawal("W-DEMO-2", accountNos.get(1), 25_00,
                    "Jens Ørsted", "5301", "123456", "Til Jens", "jens.orsted@example.dk"), Instant.now()));
            out.printf("  withdrawal %s  %s DKK from account %s to reg. 5301 account 123456 (%s for the next payout run), balance %s DKK%n",
                    queued.requestId(), Money.formatDkk(queued.amountOre()), queued.accountNo(), queued.status(), Money.formatDkk(queued.balanceOre()));
        }
        out.println();

        out.println("Terminal sales files from the canteen and the club (sample-files/sales/):");
        for (Path file : dropSamples("sales")) {
            FileIntake.Result result = intake.accept(SalesPostingJobConfig.FEED, SalesPostingJobConfig.JOB_NAME, file);
            Map<String, Long> sales = jdbc.queryForList("""
                    select status, count(*) as n from (
                        select case when exists (select 1 from sale_flag f where f.transaction_id = s.transaction_id) then 'FLAGGED' else 'POSTED' end
                               as status from sale s where s.file_sha256 = ?
                        union all select status from sale_reject where file_sha256 = ?) s group by status""", result.sha256(), result.sha256())
                    .stream().collect(Collectors.toMap(r -> String.valueOf(r.get("status")), r -> ((Number) r.get("n")).longValue()));
            out.printf("  %-40s %s  posted %d, flagged %d, duplicate %d, rejected %d%n", result.fileName(), result.exitCode(),
                    sales.getOrDefault("POSTED", 0L), sales.getOrDefault("FLAGGED", 0L), sales.getOrDefault("DUPLICATE", 0L),
                    sales.getOrDefault("REJECTED", 0L));
            ok &= "COMPLETED".equals(result.exitCode());
        }
        jdbc.query("select f.flag, s.terminal_id, s.sale_id from sale_flag f join sale s on s.transaction_id = f.transaction_id order by s.line_no",
                rs -> {
                    out.printf("    flagged for finance: %-16s sale %s of %s%n", rs.getString(1), rs.getString(3), rs.getString(2));
                });
        out.println("    receipts for the terminals:      " + home.outbox("sales-receipts"));
        out.println();

        out.println("Acquirer settlement files (sample-files/settlement/), reconciled against the deposits above:");
        for (Path file : dropSamples(SettlementReconciliationJobConfig.FEED)) {
            FileIntake.Result result = intake.accept(SettlementReconciliationJobConfig.FEED, SettlementReconciliationJobConfig.JOB_NAME, file);
            out.printf("  %-40s %s%n", result.fileName(), result.exitCode());
            jdbc.query("""
                    select payout_reference, line_count, matched, amount_mismatch, unknown_order, duplicate, net_ore, posted_net_ore
                    from settlement_batch where file_sha256 = ? order by payout_reference""", rs -> {
                out.printf("    payout %s: %d lines, matched %d, amount mismatch %d, unknown order %d, duplicate %d; net %s DKK expected at the bank%n",
                        rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), Money.formatDkk(rs.getLong(7)));
            }, result.sha256());
            jdbc.query("""
                    select l.line_no, l.type, l.order_id, l.outcome, l.message, l.flags from settlement_line l
                    join file_registry f on f.id = l.file_id and f.feed = 'settlement' and f.original = true
                    where f.sha256 = ? and (l.outcome <> 'MATCHED' or l.type <> 'CAPTURE') order by l.line_no""", rs -> {
                out.printf("    for finance: line %d %s order %s %s%s: %s%n", rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(6) == null ? "" : " (" + rs.getString(6) + ")", rs.getString(5));
            }, result.sha256());
            ok &= "COMPLETED".equals(result.exitCode());
        }
        out.println();

        out.println("Bank payouts: the withdrawals above leave in one pain.001 file; the bank answers with a pain.002 (sample-files/bank-status/):");
        JobExecution payoutRun = runJob(out, PayoutRunJobConfig.JOB_NAME, Map.of());
        ok &= payoutRun.getStatus().name().equals("COMPLETED");
        jdbc.query("select msg_id, file_name, execution_date, tx_count, ctrl_sum_ore from payout_file order by id", rs -> {
            out.printf("    %s  %s: %d withdrawal(s), %s DKK, to be paid %s%n", rs.getString(1), home.outbox("payouts").resolve(rs.getString(2)),
                    rs.getInt(4), Money.formatDkk(rs.getLong(5)), rs.getObject(3, java.time.LocalDate.class));
        });
        for (Path file : dropSamples(BankStatusImportJobConfig.FEED, "*.xml")) {
            FileIntake.Result result = intake.accept(BankStatusImportJobConfig.FEED, BankStatusImportJobConfig.JOB_NAME, file);
            out.printf("  %-40s %s%n", result.fileName(), result.exitCode());
            ok &= "COMPLETED".equals(result.exitCode());
        }
        jdbc.query("""
                select w.request_id, w.amount_ore, w.status, w.status_reason_code, w.status_reason, a.account_no, a.balance
                from withdrawal w join account a on a.id = w.account_id order by w.id""", rs -> {
            out.printf("    withdrawal %s  %s DKK  %s%s%n", rs.getString(1), Money.formatDkk(rs.getLong(2)), rs.getString(3),
                    rs.getString(4) == null ? "" : " (" + rs.getString(4) + ": " + rs.getString(5) + "; back on account " + rs.getString(6)
                            + ", balance " + Money.formatDkk(rs.getLong(7)) + " DKK; the parent is e-mailed)");
        });
        out.println();

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Copenhagen"));
        out.println("Statements by e-mail: today's movements (the top-ups and withdrawals above) as each guardian's Kontoudtog:");
        long mailsBefore = count(home.outbox("mail"), ".eml");
        JobExecution statements = runJob(out, StatementsJobConfig.JOB_NAME, Map.of("date", today.toString()));
        ok &= statements.getStatus().name().equals("COMPLETED");
        out.println("    statements and notices (.eml): " + home.outbox("mail") + " (" + (count(home.outbox("mail"), ".eml") - mailsBefore)
                + " new messages; guardians without an e-mail address: GET /api/v1/ops/statements/guardians-without-email)");
        out.println();

        awaitJobsOf(CardOrderExportJobConfig.JOB_NAME);
        JobExecution export = runJob(out, CardOrderExportJobConfig.JOB_NAME, Map.of());
        ok &= export.getStatus().name().equals("COMPLETED");
        if ("NOOP".equals(export.getExitStatus().getExitCode())) {
            out.println("    (nothing left to send: the export that runs after each enrolment import sent every order already)");
        }
        Long orders = jdbc.queryForObject("select count(*) from card_order where export_id is not null", Long.class);
        out.println("    card orders for the card vendor: " + home.outbox("card-orders") + " (" + orders + " orders in "
                + count(home.outbox("card-orders"), ".csv") + " file(s); each order in exactly one file)");

        out.println();
        out.println("Finance report for today (contract §13): reconciliation, safeguarding, sales by institution, settlement, payouts,"
                + " exceptions and the e-money liability listing:");
        JobExecution finance = runJob(out, FinanceReportJobConfig.JOB_NAME, Map.of("date", today.toString()));
        ok &= finance.getStatus().name().equals("COMPLETED");
        Path summary = home.outbox("reports").resolve("daily_" + today + "_summary.csv");
        if (java.nio.file.Files.exists(summary)) {
            try {
                for (String line : java.nio.file.Files.readAllLines(summary, java.nio.charset.StandardCharsets.UTF_8)) {
                    out.println("    " + line.replace("\uFEFF", ""));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        out.println("    reports: " + home.outbox("reports") + " (daily_" + today + ".xlsx, " + count(home.outbox("reports"), ".csv")
                + " CSV files; also GET /api/v1/ops/reports as FINANCE)");

        out.println();
        LedgerReport report = verifier.verify();
        out.print(report.render());
        out.println();
        out.println("Outputs are under " + home.home() + ": outbox/ (files for others), archive/ (processed inbound files),"
                + " error/ (inbound files that could not be processed).");
        return ok && report.intact() ? 0 : 1;
    }

    /** Copies the sample files of a feed into its inbox (tmp + rename, like a well-behaved sender), oldest export first. */
    private List<Path> dropSamples(String feed) {
        return dropSamples(feed, "*.csv");
    }

    private List<Path> dropSamples(String feed, String pattern) {
        try {
            Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath:sample-files/" + feed + "/" + pattern);
            return Arrays.stream(samples)
                    .sorted(Comparator.comparing((Resource r) -> exportStamp(r.getFilename())).thenComparing(Resource::getFilename))
                    .map(sample -> {
                        Path target = home.inbox(feed).resolve(sample.getFilename());
                        try (InputStream in = sample.getInputStream()) {
                            Files.copy(in, OutboxFiles.tmpFor(target), StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        OutboxFiles.publish(target);
                        return target;
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample files of " + feed, e);
        }
    }

    /** The time stamp part of a feed file name (after the last '_'), so files are taken in export order. */
    private static String exportStamp(String name) {
        return name.substring(name.lastIndexOf('_') + 1);
    }

    private void awaitJobsOf(String jobName) {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (!jobRepository.findRunningJobExecutions(jobName).isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long count(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private JobExecution runJob(PrintStream out, String jobName, Map<String, String> parameters) {
        long id = jobs.start(jobName, parameters);
        JobExecution execution = jobs.awaitEnd(id, JOB_TIMEOUT);
        out.printf("  %-28s %s (exit %s)%n", jobName, execution.getStatus(), execution.getExitStatus().getExitCode());
        for (StepExecution step : execution.getStepExecutions()) {
            out.printf("    step %-24s read %d, written %d, skipped %d%n", step.getStepName(), step.getReadCount(),
                    step.getWriteCount(), step.getSkipCount());
        }
        return execution;
    }
}
