package dk.cardoffice.batch.settlement;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.support.NothingToDoListener;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;

/**
 * settlement-reconciliation (contract §5): an acquirer's settlement file → every line matched against the
 * recorded deposits and posted, with totals per payout; then the unsettled check. Without a file (the daily
 * schedule) only the unsettled check runs.
 * <pre>
 * file given? ──no──▶ mark-unsettled-deposits
 *   └─yes▶ check-settlement-file ──REJECTED──▶ end (file → error/settlement/, nothing posted)
 *            └▶ reconcile-settlement (chunks; lines, postings and payout totals together) ▶ mark-unsettled-deposits
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class SettlementReconciliationJobConfig {

    public static final String JOB_NAME = "settlement-reconciliation";
    public static final String FEED = "settlement";

    @Bean
    Job settlementReconciliationJob(JobRepository jobRepository, Step checkSettlementFileStep, Step reconcileSettlementStep,
            Step markUnsettledDepositsStep, FileRegistry registry, InboundFolders folders,
            JobCompletionSignal completion, ExecutionOwners owners) {
        JobExecutionDecider fileGiven = (job, step) -> new FlowExecutionStatus(InboundFileListener.hasFile(job) ? "FILE" : "NO_FILE");
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .listener(new InboundFileListener(FEED, registry, folders))
                .start(fileGiven).on("NO_FILE").to(markUnsettledDepositsStep)
                .from(fileGiven).on("FILE").to(checkSettlementFileStep)
                .from(checkSettlementFileStep).on(InboundFileListener.REJECTED).end(InboundFileListener.REJECTED)
                .from(checkSettlementFileStep).on("*").to(reconcileSettlementStep)
                .next(markUnsettledDepositsStep)
                // a flow ends FAILED on an exit code it has no transition for: NOOP (nothing marked, no file) is one
                .from(markUnsettledDepositsStep).on(NothingToDoListener.NOOP).end(NothingToDoListener.NOOP)
                .from(markUnsettledDepositsStep).on("*").end()
                .end()
                .build();
    }

    @Bean
    Step checkSettlementFileStep(JobRepository jobRepository, PlatformTransactionManager tm) {
        return new StepBuilder("check-settlement-file", jobRepository).tasklet(new SettlementFileCheck(), tm).build();
    }

    @Bean
    Step reconcileSettlementStep(JobRepository jobRepository, PlatformTransactionManager tm, SettlementFileReader settlementFileReader,
            SettlementReconciler settlementReconciler, CardofficeProperties properties) {
        return new StepBuilder("reconcile-settlement", jobRepository)
                .<SettlementLine, SettlementLine>chunk(properties.settlement().chunkSize(), tm)
                .reader(settlementFileReader)
                .writer(settlementReconciler::write)
                .build();
    }

    @Bean
    @StepScope
    SettlementFileReader settlementFileReader(@Value("#{jobParameters['file']}") String file) {
        return new SettlementFileReader(Path.of(file));
    }

    @Bean
    @StepScope
    SettlementReconciler settlementReconciler(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, Clock clock,
            @Value("#{jobParameters['sha256']}") String sha256, @Value("#{jobParameters['file']}") String file) {
        return new SettlementReconciler(jdbc, ledger, accounts, sha256, Path.of(file).getFileName().toString(), clock);
    }

    @Bean
    SettlementResults settlementResults(JdbcTemplate jdbc) {
        return new SettlementResults(jdbc);
    }

    @Bean
    Step markUnsettledDepositsStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcTemplate jdbc, Clock clock,
            CardofficeProperties properties) {
        return new StepBuilder("mark-unsettled-deposits", jobRepository)
                .tasklet(new UnsettledDeposits(jdbc, clock, properties.settlement().unsettledAfterDays()), tm)
                .listener(new NothingToDoListener())
                .build();
    }

    /** What an operator gives this job (checked before it runs). */
    @Bean
    JobLaunchSpec settlementReconciliationLaunchSpec() {
        return new JobLaunchSpec(JOB_NAME, FEED, JobLaunchSpec.FileParameter.OPTIONAL, java.util.Set.of());
    }
}
