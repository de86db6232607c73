package dk.cardoffice.batch.launch;

import java.time.Clock;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
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
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(60);
        executor.initialize();
        return executor;
    }

    @Bean
    JobCompletionSignal jobCompletionSignal() {
        return new JobCompletionSignal();
    }

    @Bean
    JobStarter jobStarter(List<Job> jobs, JobOperator operator, JobRepository repository, Clock clock, JobCompletionSignal completion) {
        return new JobStarter(jobs, operator, repository, clock, completion);
    }
}
