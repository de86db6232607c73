package dk.cardoffice.batch.cardorders;

import java.time.Clock;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.support.NothingToDoListener;

/**
 * card-order-export (contract §3): every card order not yet sent goes into exactly one
 * {@code card_orders_<yyyyMMddHHmmss>.csv} in outbox/card-orders/. Runs after each enrolment import,
 * on a schedule, and when launched. Nothing pending → exit code NOOP and no file.
 */
@Configuration(proxyBeanMethods = false)
public class CardOrderExportJobConfig {

    public static final String JOB_NAME = "card-order-export";

    @Bean
    Job cardOrderExportJob(JobRepository jobRepository, Step claimCardOrdersStep, Step writeCardOrderFilesStep,
            JobCompletionSignal completion, ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .start(claimCardOrdersStep)
                .next(writeCardOrderFilesStep)
                .build();
    }

    @Bean
    Step claimCardOrdersStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
            Clock clock) {
        return new StepBuilder("claim-card-orders", jobRepository)
                .tasklet(new CardOrderClaimer(jdbc, clock), transactionManager)
                .build();
    }

    @Bean
    Step writeCardOrderFilesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
            HomeFolders home, CardOrderExportStates cardOrderExportStates) {
        return new StepBuilder("write-card-order-files", jobRepository)
                .tasklet(new CardOrderFileWriter(jdbc, cardOrderExportStates, home), transactionManager)
                .listener(new NothingToDoListener())
                .build();
    }

    @Bean
    CardOrderExportStates cardOrderExportStates(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new CardOrderExportStates(jdbc, transactionManager);
    }
}
