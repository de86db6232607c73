package dk.cardoffice.batch.finance;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.ledger.LedgerSchema;

/**
 * finance-report (contract §13): the daily reconciliation, the safeguarding check, sales by institution, settlement,
 * payouts, the exceptions and the e-money liability listing of the business day {@code date} (default yesterday,
 * Copenhagen, fixed when the job is launched), written to outbox/reports/. One step, in one snapshot of the database.
 */
@Configuration(proxyBeanMethods = false)
public class FinanceReportJobConfig {

    public static final String JOB_NAME = "finance-report";

    @Bean
    Job financeReportJob(JobRepository jobRepository, Step writeFinanceReportStep, JobCompletionSignal completion, ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .start(writeFinanceReportStep)
                .build();
    }

    @Bean
    Step writeFinanceReportStep(JobRepository jobRepository, PlatformTransactionManager tm, FinanceReportWriter financeReportWriter,
            DataSource dataSource) {
        // every figure from one state of the whole database: PostgreSQL's repeatable read is that snapshot, taken at the first
        // query; H2's repeatable read takes each table's snapshot when the table is first read (a posting committed between the
        // movements and the accounts shows as a false DIFFERENCE), its serializable takes one snapshot and blocks no writer
        DefaultTransactionAttribute snapshot = new DefaultTransactionAttribute();
        snapshot.setIsolationLevel(LedgerSchema.vendor(dataSource).equals("postgresql") ? TransactionDefinition.ISOLATION_REPEATABLE_READ
                : TransactionDefinition.ISOLATION_SERIALIZABLE);
        return new StepBuilder("write-finance-report", jobRepository)
                .tasklet(financeReportWriter, tm)
                .transactionAttribute(snapshot)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    JobLaunchSpec financeReportLaunchSpec() {
        return JobLaunchSpec.forBusinessDay(JOB_NAME);
    }

    @Bean
    FinanceReportWriter financeReportWriter(JdbcTemplate jdbc, HomeFolders home, Clock clock) {
        return new FinanceReportWriter(jdbc, home, clock);
    }
}
