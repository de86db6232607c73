package dk.cardoffice.integrations.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.JobNodes;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.launch.StopRequests;
import dk.cardoffice.integrations.intake.FileIntake;

/**
 * SIGTERM (or any close of the application): the intake takes no new file, every execution running
 * in this process is asked to stop at its next chunk boundary (the chunk in hand commits), and the
 * process waits for them at most the grace period ({@code cardoffice.shutdown.grace-period}, 30 s).
 * Stopped executions end STOPPED and the next start restarts them; one still running when the grace
 * period is over dies with the process and is recovered at the next start like after a crash.
 * Runs on the context-closed event, before Camel and the executors are stopped.
 */
public class GracefulShutdown implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final FileIntake intake;
    private final JobStarter jobs;
    private final StopRequests stops;
    private final ExecutionOwners owners;
    private final JobNodes nodes;
    private final Duration gracePeriod;

    public GracefulShutdown(FileIntake intake, JobStarter jobs, StopRequests stops, ExecutionOwners owners, JobNodes nodes,
            Duration gracePeriod) {
        this.intake = intake;
        this.jobs = jobs;
        this.stops = stops;
        this.owners = owners;
        this.nodes = nodes;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        intake.close();
        Instant deadline = Instant.now().plus(gracePeriod);
        List<Long> stopping = new ArrayList<>();
        for (long id : owners.runningHere()) {
            owners.stopRequested(id, ExecutionOwners.StopRequest.SHUTDOWN);
            if (stops.request(id)) {
                stopping.add(id);
            }
        }
        if (!stopping.isEmpty()) {
            log.info("shutdown: asked {} running execution(s) {} to stop; waiting at most {} s", stopping.size(), stopping,
                    gracePeriod.toSeconds());
        }
        for (long id : stopping) {
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                JobExecution end = jobs.awaitEnd(id, left.isNegative() ? Duration.ZERO : left);
                log.info("shutdown: execution {} ended {}", id, end.getStatus());
            } catch (IllegalStateException e) {
                log.warn("shutdown: execution {} did not stop within the grace period; the next start recovers it", id);
            }
        }
        // best effort and short: other nodes would find this process gone by its lease anyway (and a test JVM may
        // have stopped its database already)
        try {
            java.util.concurrent.CompletableFuture.runAsync(nodes::stopped).get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("shutdown: could not record this process as stopped: {}", e.getMessage());
        }
    }
}
