package dk.cardoffice.batch;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.testing.crash.CrashInjection;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;

/** A job test: the real jobs on a fresh database (H2 or PostgreSQL, chosen by the subclass) and home. */
@SpringBootTest(classes = BatchJobsTestApplication.class)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class JobTestSupport {

    @Autowired
    protected JobStarter jobs;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected HomeFolders home;
    @Autowired
    protected CrashInjection crashPoints;
    @Autowired
    protected LedgerVerifier verifier;

    protected JobExecution run(String jobName, Map<String, String> parameters) {
        return jobs.awaitEnd(jobs.start(jobName, parameters), Duration.ofMinutes(2));
    }

    @Autowired
    protected JobRepository jobRepository;

    /**
     * What a process killed after a step was marked COMPLETED but before Spring Batch saved the job's execution context
     * leaves behind: the completed step, and none of what it put in the job's context.
     */
    protected void loseJobContext(JobExecution execution) {
        JobExecution stored = jobRepository.getJobExecution(execution.getId());
        stored.setExecutionContext(new org.springframework.batch.infrastructure.item.ExecutionContext());
        jobRepository.updateExecutionContext(stored);
    }

    @AfterEach
    void ledgerInvariantsHoldAndNothingStaysArmed() throws InterruptedException {
        crashPoints.disarmAll();
        // jobs launched by other jobs (card-order-export after an import) finish before the next test
        for (int i = 0; i < 600 && jobs.jobNames().stream().anyMatch(name -> !jobRepository.findRunningJobExecutions(name).isEmpty()); i++) {
            Thread.sleep(50);
        }
        org.assertj.core.api.Assertions.assertThat(verifier.verify().breaks()).isEmpty();
    }
}
