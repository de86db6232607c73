package dk.cardoffice.batch.payouts;

import java.time.Clock;
import java.util.Set;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobCompletionSignal;
import dk.cardoffice.batch.launch.JobLaunchSpec;
import dk.cardoffice.batch.support.NothingToDoListener;

/**
 * payout-run (contract §6): every queued withdrawal leaves in one pain.001 file in outbox/payouts/, once.
 * <pre>
 * claim-payouts (withdrawals QUEUED → SENT, file row, tmp file, SHA-256: one transaction)
 *   ▶ publish-payout-files (rename, WRITTEN; also files an earlier run claimed and did not publish)
 * </pre>
 * Nothing queued and nothing left to publish → exit code NOOP, no file.
 */
@Configuration(proxyBeanMethods = false)
public class PayoutRunJobConfig {

    public static final String JOB_NAME = "payout-run";

    @Bean
    Job payoutRunJob(JobRepository jobRepository, Step claimPayoutsStep, Step publishPayoutFilesStep, JobCompletionSignal completion,
            ExecutionOwners owners) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(completion)
                .listener(owners)
                .start(claimPayoutsStep)
                .next(publishPayoutFilesStep)
                .build();
    }

    @Bean
    PayoutResults payoutResults(JdbcTemplate jdbc) {
        return new PayoutResults(jdbc);
    }

    @Bean
    PayoutFiles payoutFiles(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new PayoutFiles(jdbc, transactionManager);
    }

    @Bean
    PayoutClaimer payoutClaimer(JdbcTemplate jdbc, PayoutFiles payoutFiles, HomeFolders home, CardofficeProperties properties, Clock clock) {
        return new PayoutClaimer(jdbc, payoutFiles, home, properties.payout(), clock);
    }

    @Bean
    Step claimPayoutsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, PayoutClaimer payoutClaimer) {
        return new StepBuilder("claim-payouts", jobRepository).tasklet(payoutClaimer, transactionManager).build();
    }

    @Bean
    PayoutFilePublisher payoutFilePublisher(JdbcTemplate jdbc, PayoutFiles payoutFiles, HomeFolders home) {
        return new PayoutFilePublisher(jdbc, payoutFiles, home);
    }

    @Bean
    Step publishPayoutFilesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, PayoutFilePublisher payoutFilePublisher) {
        return new StepBuilder("publish-payout-files", jobRepository)
                .tasklet(payoutFilePublisher, transactionManager)
                .listener(new NothingToDoListener())
                .build();
    }

    /** An operator may ask for another execution date (a bank day); by default the next bank day. */
    @Bean
    JobLaunchSpec payoutRunLaunchSpec() {
        return new JobLaunchSpec(JOB_NAME, null, JobLaunchSpec.FileParameter.NONE, Set.of(PayoutClaimer.EXECUTION_DATE));
    }
}
