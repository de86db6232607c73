package dk.cardoffice.batch.sales;

import java.nio.file.Path;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.MovementWriter;

/**
 * sales-posting (contract §4): one terminal's sales file → ledger postings, flags and a receipt.
 * <pre>
 * check-sales-file ──REJECTED──▶ end (file → error/sales/, nothing posted)
 *   └▶ post-sales (chunks of whole sales) ▶ write-sales-receipt
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class SalesPostingJobConfig {

    public static final String JOB_NAME = "sales-posting";
    public static final String FEED = "sales";

    @Bean
    Job salesPostingJob(JobRepository jobRepository, Step checkSalesFileStep, Step postSalesStep, Step writeSalesReceiptStep,
            FileRegistry registry, InboundFolders folders, JobCompletionSignal completion, ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .listener(new InboundFileListener(FEED, registry, folders))
                .start(checkSalesFileStep).on(InboundFileListener.REJECTED).end(InboundFileListener.REJECTED)
                .from(checkSalesFileStep).on("*").to(postSalesStep)
                .next(writeSalesReceiptStep)
                .end()
                .build();
    }

    @Bean
    Step checkSalesFileStep(JobRepository jobRepository, PlatformTransactionManager tm) {
        // runs again on a restart: the terminal id it leaves in the job's context is saved only after the step is marked
        // COMPLETED, so a process killed in between would restart without it
        return new StepBuilder("check-sales-file", jobRepository).tasklet(new SalesFileCheck(), tm).allowStartIfComplete(true).build();
    }

    @Bean
    Step postSalesStep(JobRepository jobRepository, PlatformTransactionManager tm, SalesFileReader salesFileReader,
            SalePostingWriter salePostingWriter, CardofficeProperties properties) {
        return new StepBuilder("post-sales", jobRepository)
                .<Sale, Sale>chunk(properties.sales().chunkSize(), tm)
                .reader(salesFileReader)
                .writer(salePostingWriter::write)
                .build();
    }

    @Bean
    @StepScope
    SalesFileReader salesFileReader(@Value("#{jobParameters['file']}") String file,
            @Value("#{jobExecutionContext['" + SalesFileCheck.TERMINAL_ID + "']}") String terminalId) {
        return new SalesFileReader(Path.of(file), terminalId);
    }

    @Bean
    @StepScope
    SalePostingWriter salePostingWriter(JdbcTemplate jdbc, Accounts accounts, MovementWriter movements,
            @Value("#{jobParameters['sha256']}") String sha256) {
        return new SalePostingWriter(jdbc, accounts, movements, sha256);
    }

    @Bean
    SuspenseTransfers suspenseTransfers(JdbcTemplate jdbc, Ledger ledger, Accounts accounts) {
        return new SuspenseTransfers(jdbc, ledger, accounts);
    }

    @Bean
    Step writeSalesReceiptStep(JobRepository jobRepository, PlatformTransactionManager tm, SalesReceiptWriter salesReceiptWriter) {
        return new StepBuilder("write-sales-receipt", jobRepository).tasklet(salesReceiptWriter, tm).build();
    }

    @Bean
    SalesReceiptWriter salesReceiptWriter(JdbcTemplate jdbc, HomeFolders home) {
        return new SalesReceiptWriter(jdbc, home);
    }

    /** What an operator gives this job (checked before it runs). */
    @Bean
    JobLaunchSpec salesPostingLaunchSpec() {
        return JobLaunchSpec.fileDriven(JOB_NAME, FEED);
    }
}
