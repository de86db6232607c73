package dk.cardoffice.batch.launch;

import java.time.Clock;

import java.util.List;

import org.springframework.batch.core.job.Job;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFolders;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
public class JobLaunchBeans {

    /**
     * Jobs run on their own threads: a launch through HTTP or the intake answers at once. At most
     * {@code cardoffice.jobs.concurrency} run at the same time; the rest wait in line.
     */
    @Bean
    @BatchTaskExecutor
    TaskExecutor batchTaskExecutor(@Value("${cardoffice.jobs.concurrency:4}") int concurrency) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("job-");
        executor.setCorePoolSize(concurrency);
        executor.setMaxPoolSize(concurrency);
        executor.setQueueCapacity(1000);
        // at shutdown GracefulShutdown has asked every job to stop and waited its grace period; a job
        // still running then is not interrupted (that would fail it half-way) but left to the process's
        // end: the next start finds it orphaned and restarts it where its last chunk committed
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(0);
        executor.initialize();
        return executor;
    }

    @Bean
    JobCompletionSignal jobCompletionSignal() {
        return new JobCompletionSignal();
    }

    @Bean
    JobStarter jobStarter(List<Job> jobs, List<JobLaunchSpec> specs, JobOperator operator, JobRepository repository, Clock clock,
            JobCompletionSignal completion, InboundFolders folders, ExecutionOwners owners) {
        return new JobStarter(jobs, specs, operator, repository, clock, completion, folders, owners);
    }

    /** This process among those sharing the database; registered at once, so an earlier life of this node counts as dead. */
    @Bean
    JobNodes jobNodes(JdbcTemplate jdbc, NodeProperties properties) {
        JobNodes nodes = new JobNodes(jdbc, properties);
        nodes.register();
        return nodes;
    }

    @Bean
    ExecutionOwners executionOwners(JdbcTemplate jdbc, JobNodes nodes) {
        return new ExecutionOwners(jdbc, nodes);
    }

    @Bean
    ExecutionRecovery executionRecovery(JobStarter jobs, JobOperator operator, JobRepository repository, JobNodes nodes,
            ExecutionOwners owners, JdbcTemplate jdbc, FileRegistry registry, dk.cardoffice.batch.intake.InboundFolders folders) {
        return new ExecutionRecovery(jobs, operator, repository, nodes, owners, jdbc, registry, folders);
    }

    @Bean
    ExecutionControl executionControl(JobStarter jobs, JobOperator operator, JobRepository repository, ExecutionOwners owners,
            JobNodes nodes, ExecutionRecovery recovery, StopRequests stops) {
        return new ExecutionControl(jobs, operator, repository, owners, nodes, recovery, stops);
    }

    @Bean
    StopRequests stopRequests(JobRepository repository) {
        return new StopRequests(repository);
    }
}
