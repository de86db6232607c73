package dk.cardoffice.batch.payouts;

import java.nio.file.Path;
import java.time.Clock;

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
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.mail.MailDelivery;
import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;

/**
 * bank-status-import (contract §6): the bank's pain.002 status report → each withdrawal CONFIRMED or REJECTED.
 * <pre>
 * check-bank-status-file ──REJECTED──▶ end (file → error/bank-status/, nothing changed)
 *   └▶ apply-bank-statuses (chunks of statuses) ▶ deliver-mail (rejections told to the guardians)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class BankStatusImportJobConfig {

    public static final String JOB_NAME = "bank-status-import";
    public static final String FEED = "bank-status";

    @Bean
    Job bankStatusImportJob(JobRepository jobRepository, Step checkBankStatusFileStep, Step applyBankStatusesStep, Step deliverBankStatusMailStep,
            FileRegistry registry, InboundFolders folders, JobCompletionSignal completion, ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .listener(new InboundFileListener(FEED, registry, folders))
                .start(checkBankStatusFileStep).on(InboundFileListener.REJECTED).end(InboundFileListener.REJECTED)
                .from(checkBankStatusFileStep).on("*").to(applyBankStatusesStep)
                .next(deliverBankStatusMailStep)
                .end()
                .build();
    }

    @Bean
    Step checkBankStatusFileStep(JobRepository jobRepository, PlatformTransactionManager tm) {
        return new StepBuilder("check-bank-status-file", jobRepository).tasklet(new BankStatusFileCheck(), tm).build();
    }

    @Bean
    Step applyBankStatusesStep(JobRepository jobRepository, PlatformTransactionManager tm, BankStatusReader bankStatusReader,
            BankStatusWriter bankStatusWriter, CardofficeProperties properties) {
        return new StepBuilder("apply-bank-statuses", jobRepository)
                .<BankStatus, BankStatus>chunk(properties.payout().statusChunkSize(), tm)
                .reader(bankStatusReader)
                .writer(bankStatusWriter)
                .build();
    }

    @Bean
    @StepScope
    BankStatusReader bankStatusReader(@Value("#{jobParameters['file']}") String file) {
        return new BankStatusReader(Path.of(file));
    }

    @Bean
    @StepScope
    BankStatusWriter bankStatusWriter(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, MailOutbox mailOutbox, Clock clock,
            @Value("#{jobParameters['sha256']}") String sha256, @Value("#{jobParameters['file']}") String file) {
        return new BankStatusWriter(jdbc, ledger, accounts, mailOutbox, clock, sha256, Path.of(file).getFileName().toString());
    }

    @Bean
    Step deliverBankStatusMailStep(JobRepository jobRepository, PlatformTransactionManager tm, MailDispatcher mailDispatcher) {
        return new StepBuilder("deliver-mail", jobRepository).tasklet(new MailDelivery(mailDispatcher), tm).build();
    }

    @Bean
    JobLaunchSpec bankStatusImportLaunchSpec() {
        return JobLaunchSpec.fileDriven(JOB_NAME, FEED);
    }
}
