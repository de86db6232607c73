package dk.cardoffice.bench;

import java.time.Duration;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.launch.JobStarter;

/**
 * One job run measured from its launch to its end: wall time, the CPU of this JVM and of PostgreSQL, the peak heap;
 * with {@code statements}, PostgreSQL's statement statistics are reset first (pg_stat_statements must be preloaded).
 */
record MeasuredJob(JobExecution execution, double seconds, double jvmCpuSeconds, double postgresCpuSeconds, long peakHeapMib) {

    static MeasuredJob run(ConfigurableApplicationContext context, String jobName, Map<String, String> parameters, boolean statements) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        if (statements) {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.execute("select pg_stat_statements_reset()");
        }
        Measure.resetPeakHeap();
        double jvmCpu = Measure.jvmCpuSeconds();
        double postgresCpu = Measure.postgresCpuSeconds();
        long start = System.nanoTime();
        JobStarter jobs = context.getBean(JobStarter.class);
        JobExecution run = jobs.awaitEnd(jobs.start(jobName, parameters), Duration.ofHours(1));
        return new MeasuredJob(run, (System.nanoTime() - start) / 1e9, Measure.jvmCpuSeconds() - jvmCpu, Measure.postgresCpuSeconds() - postgresCpu,
                Measure.peakHeapMib());
    }
}
