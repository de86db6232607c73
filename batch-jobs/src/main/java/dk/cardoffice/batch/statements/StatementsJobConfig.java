package dk.cardoffice.batch.statements;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.mail.MailDelivery;
import dk.cardoffice.batch.mail.MailDispatcher;
import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.portal.Statements;

/**
 * statements (contract §9): for the business day {@code date} (default yesterday, Copenhagen), every guardian of every
 * account with movements that day gets the day's statement, and a low-balance notice when the account crossed below
 * their threshold.
 * <pre>
 * queue-statements (chunks of accounts: statements and notices into the mail outbox) ▶ deliver-mail
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class StatementsJobConfig {

    public static final String JOB_NAME = "statements";

    @Bean
    Job statementsJob(JobRepository jobRepository, Step queueStatementsStep, Step deliverStatementMailStep, JobCompletionSignal completion,
            ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .start(queueStatementsStep)
                .next(deliverStatementMailStep)
                .build();
    }

    @Bean
    Step queueStatementsStep(JobRepository jobRepository, PlatformTransactionManager tm, AccountsWithMovementsReader accountsWithMovementsReader,
            StatementWriter statementWriter, CardofficeProperties properties, MailDispatcher mailDispatcher) {
        return new StepBuilder("queue-statements", jobRepository)
                .<Long, Long>chunk(properties.mail().statementsChunkSize(), tm)
                .reader(accountsWithMovementsReader)
                .writer(statementWriter)
                .listener(new ChunkListener<Long, Long>() {
                    @Override
                    public void afterChunk(ChunkContext context) {
                        mailDispatcher.deliverSoon(); // after the commit: the chunk's statements go out while the next are made
                    }
                })
                .build();
    }

    @Bean
    @StepScope
    AccountsWithMovementsReader accountsWithMovementsReader(JdbcTemplate jdbc, Clock clock, @Value("#{jobParameters['date']}") String date,
            @Value("#{jobParameters['launchedAt']}") String launchedAt) {
        return new AccountsWithMovementsReader(jdbc, businessDay(date, launchedAt, clock));
    }

    @Bean
    @StepScope
    StatementWriter statementWriter(JdbcTemplate jdbc, Accounts accounts, StatementMail statementMail, MailOutbox mailOutbox, Clock clock,
            @Value("#{jobParameters['date']}") String date, @Value("#{jobParameters['launchedAt']}") String launchedAt) {
        return new StatementWriter(jdbc, new Statements(jdbc, accounts), statementMail, mailOutbox, businessDay(date, launchedAt, clock));
    }

    @Bean
    StatementMail statementMail() {
        return new StatementMail();
    }

    @Bean
    GuardiansWithoutEmail guardiansWithoutEmail(JdbcTemplate jdbc) {
        return new GuardiansWithoutEmail(jdbc);
    }

    @Bean
    Step deliverStatementMailStep(JobRepository jobRepository, PlatformTransactionManager tm, MailDispatcher mailDispatcher) {
        return new StepBuilder("deliver-mail", jobRepository).tasklet(new MailDelivery(mailDispatcher), tm).build();
    }

    /**
     * The operator's {@code date} (yyyy-MM-dd), or yesterday in Copenhagen (the clock's zone). A job launched through
     * {@link dk.cardoffice.batch.launch.JobStarter} always has its date (fixed at launch); the default serves readers
     * such as the operations API's list of the day.
     */
    public static LocalDate businessDay(String date, Clock clock) {
        return businessDay(date, null, clock);
    }

    /**
     * The day of a run: its {@code date}, or for a run launched before the day was fixed at launch (an earlier version),
     * the day before its launch time ({@code launchedAt}, one of its parameters), so a restart days later still has it.
     */
    public static LocalDate businessDay(String date, String launchedAt, Clock clock) {
        if (date == null || date.isBlank()) {
            java.time.Instant launched = launchedAt == null || launchedAt.isBlank() ? clock.instant() : java.time.Instant.parse(launchedAt);
            return dk.cardoffice.batch.launch.JobLaunchSpec.defaultBusinessDay(launched);
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date '" + date + "' is not a day like 2026-12-05");
        }
    }

    @Bean
    JobLaunchSpec statementsLaunchSpec() {
        return JobLaunchSpec.forBusinessDay(JOB_NAME);
    }
}
