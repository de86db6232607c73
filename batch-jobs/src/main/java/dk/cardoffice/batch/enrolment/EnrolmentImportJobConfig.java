package dk.cardoffice.batch.enrolment;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.cardorders.CardOrderExportJobConfig;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFileListener;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.mail.MailDelivery;
import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.card.Cards;
import dk.cardoffice.ledger.member.CprProtector;

/**
 * enrolment-import (contract §2): one school-system snapshot → members, accounts, cards, card
 * orders, enrolments, guardians, a receipt, and notices. The job reads as its steps:
 * <pre>
 * check-enrolment-file ──REJECTED──▶ end (file → error/)
 *   └▶ stage-enrolment-lines ▶ mass-leave-guard ──HELD──▶ end (waits for an operator)
 *        └▶ apply-enrolment-lines ▶ end-absent-enrolments ▶ write-enrolment-receipt ▶ deliver-mail
 * </pre>
 * After a completed import the card-order-export job is launched, so the new cards go to the vendor.
 */
@Configuration(proxyBeanMethods = false)
public class EnrolmentImportJobConfig {

    public static final String JOB_NAME = "enrolment-import";
    public static final String FEED = "enrolment";

    @Bean
    Job enrolmentImportJob(JobRepository jobRepository, Step checkEnrolmentFileStep, Step stageEnrolmentLinesStep, Step massLeaveGuardStep,
            Step applyEnrolmentLinesStep, Step endAbsentEnrolmentsStep, Step writeEnrolmentReceiptStep, Step deliverEnrolmentMailStep,
            Step exportCardOrdersStep, FileRegistry registry, InboundFolders folders, ObjectProvider<JobStarter> jobs, JobCompletionSignal completion, ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .listener(new InboundFileListener(FEED, registry, folders))
                .start(checkEnrolmentFileStep).on(InboundFileListener.REJECTED).end(InboundFileListener.REJECTED)
                .from(checkEnrolmentFileStep).on("*").to(stageEnrolmentLinesStep)
                .next(massLeaveGuardStep).on(InboundFileListener.HELD).end(InboundFileListener.HELD)
                .from(massLeaveGuardStep).on("*").to(applyEnrolmentLinesStep)
                .next(endAbsentEnrolmentsStep)
                .next(writeEnrolmentReceiptStep)
                .next(deliverEnrolmentMailStep)
                .next(exportCardOrdersStep)
                .end()
                .build();
    }

    /**
     * New first cards go to the vendor at once: the import's last step launches card-order-export. A step, not an afterJob
     * listener: Spring Batch saves the job COMPLETED before its listeners run, so a process killed in between never made
     * the launch, and nothing would restart a completed job. Launched twice (a restart after the launch) is harmless:
     * exports take turns on their lock and one with nothing pending ends NOOP.
     */
    @Bean
    Step exportCardOrdersStep(JobRepository jobRepository, PlatformTransactionManager tm, ObjectProvider<JobStarter> jobs) {
        return new StepBuilder("export-card-orders", jobRepository).tasklet((contribution, chunkContext) -> {
            try {
                jobs.getObject().start(CardOrderExportJobConfig.JOB_NAME, java.util.Map.of());
            } catch (dk.cardoffice.batch.launch.JobLaunchRefused e) {
                org.slf4j.LoggerFactory.getLogger(EnrolmentImportJobConfig.class).warn("card-order-export not launched after the import: {}", e.getMessage());
            }
            return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
        }, tm).transactionAttribute(withoutTransaction()).build();
    }

    /** A launch is refused inside a transaction (Spring Batch's job repository makes its own): the step runs without one. */
    private static org.springframework.transaction.interceptor.DefaultTransactionAttribute withoutTransaction() {
        var attribute = new org.springframework.transaction.interceptor.DefaultTransactionAttribute();
        attribute.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        return attribute;
    }

    @Bean
    Step checkEnrolmentFileStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcTemplate jdbc) {
        // runs again on a restart: what it leaves in the job's context is saved only after the step is marked COMPLETED,
        // so a process killed in between would restart without the charset and institution
        return new StepBuilder("check-enrolment-file", jobRepository).tasklet(new EnrolmentFileCheck(jdbc), tm)
                .allowStartIfComplete(true).build();
    }

    @Bean
    Step stageEnrolmentLinesStep(JobRepository jobRepository, PlatformTransactionManager tm, EnrolmentFileReader enrolmentFileReader,
            EnrolmentLineValidator enrolmentLineValidator, StagedLineWriter stagedLineWriter, CardofficeProperties properties) {
        return new StepBuilder("stage-enrolment-lines", jobRepository)
                .<RawLine, StagedLine>chunk(properties.enrolment().chunkSize(), tm)
                .reader(enrolmentFileReader)
                .processor(enrolmentLineValidator)
                .writer(stagedLineWriter::write)
                .stream(enrolmentLineValidator)
                .build();
    }

    @Bean
    @StepScope
    EnrolmentFileReader enrolmentFileReader(@Value("#{jobParameters['file']}") String file,
            @Value("#{jobExecutionContext['" + EnrolmentFileCheck.CHARSET + "']}") String charset) {
        return new EnrolmentFileReader(Path.of(file), Charset.forName(charset));
    }

    @Bean
    @StepScope
    EnrolmentLineValidator enrolmentLineValidator(CprProtector cprs, JdbcTemplate jdbc, @Value("#{jobParameters['sha256']}") String sha256) {
        return new EnrolmentLineValidator(cprs, jdbc, sha256);
    }

    @Bean
    @StepScope
    StagedLineWriter stagedLineWriter(JdbcTemplate jdbc, @Value("#{jobParameters['sha256']}") String sha256,
            @Value("#{jobExecutionContext['" + EnrolmentFileCheck.INSTITUTION_NO + "']}") String institutionNo) {
        return new StagedLineWriter(jdbc, sha256, institutionNo);
    }

    @Bean
    EndingEnrolments endingEnrolments(JdbcTemplate jdbc) {
        return new EndingEnrolments(jdbc);
    }

    @Bean
    EnrolmentHolds enrolmentHolds(JdbcTemplate jdbc) {
        return new EnrolmentHolds(jdbc);
    }

    @Bean
    HoldDecisions holdDecisions(EnrolmentHolds holds, JobStarter jobs, InboundFolders folders, FileRegistry registry) {
        return new HoldDecisions(holds, jobs, folders, registry);
    }

    @Bean
    Step massLeaveGuardStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcTemplate jdbc, EndingEnrolments endings,
            CardofficeProperties properties, Clock clock) {
        return new StepBuilder("mass-leave-guard", jobRepository)
                .tasklet(new MassLeaveGuard(jdbc, endings, properties.enrolment().massLeave(), clock), tm).build();
    }

    @Bean
    Step applyEnrolmentLinesStep(JobRepository jobRepository, PlatformTransactionManager tm, PendingLineReader pendingLineReader,
            EnrolmentApplier enrolmentApplier, CardofficeProperties properties) {
        return new StepBuilder("apply-enrolment-lines", jobRepository)
                .<StagedLine, StagedLine>chunk(properties.enrolment().chunkSize(), tm)
                .reader(pendingLineReader)
                .writer(enrolmentApplier::write)
                .build();
    }

    @Bean
    @StepScope
    PendingLineReader pendingLineReader(JdbcTemplate jdbc, @Value("#{jobParameters['sha256']}") String sha256,
            CardofficeProperties properties) {
        return new PendingLineReader(jdbc, sha256, properties.enrolment().chunkSize());
    }

    @Bean
    @StepScope
    EnrolmentApplier enrolmentApplier(JdbcTemplate jdbc, Accounts accounts, Cards cards, Clock clock,
            @Value("#{jobParameters['sha256']}") String sha256,
            @Value("#{jobExecutionContext['" + EnrolmentFileCheck.INSTITUTION_NO + "']}") String institutionNo,
            @Value("#{jobExecutionContext['" + EnrolmentFileCheck.INSTITUTION_NAME + "']}") String institutionName) {
        return new EnrolmentApplier(jdbc, accounts, cards, clock, sha256, institutionNo, institutionName);
    }

    @Bean
    Step endAbsentEnrolmentsStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcTemplate jdbc, EndingEnrolments endings,
            MailOutbox mail, Clock clock) {
        return new StepBuilder("end-absent-enrolments", jobRepository).tasklet(new AbsentPupilsEnder(jdbc, endings, mail, clock), tm).build();
    }

    @Bean
    Step writeEnrolmentReceiptStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcTemplate jdbc, HomeFolders home) {
        return new StepBuilder("write-enrolment-receipt", jobRepository).tasklet(new EnrolmentReceiptWriter(jdbc, home), tm).build();
    }

    @Bean
    Step deliverEnrolmentMailStep(JobRepository jobRepository, PlatformTransactionManager tm, MailDispatcher mailDispatcher) {
        return new StepBuilder("deliver-mail", jobRepository).tasklet(new MailDelivery(mailDispatcher), tm).build();
    }

    /** What an operator gives this job (checked before it runs). */
    @Bean
    JobLaunchSpec enrolmentImportLaunchSpec() {
        return JobLaunchSpec.fileDriven(JOB_NAME, FEED);
    }
}
