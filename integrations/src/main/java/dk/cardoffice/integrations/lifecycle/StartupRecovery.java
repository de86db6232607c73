package dk.cardoffice.integrations.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dk.cardoffice.batch.launch.ExecutionRecovery;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.integrations.intake.FileIntake;

/**
 * What a start does before the inbox folders are watched again, on its own thread so the service
 * answers (and /actuator/health says UP) at once:
 * <ol>
 * <li>executions a dead process left running are recovered and restarted, and those a shutdown
 * stopped are restarted ({@link ExecutionRecovery}); restarted file jobs are waited for, so files of
 * a feed are still applied in order;</li>
 * <li>files a dead process left RECEIVED or ARCHIVED are carried on ({@link FileIntake#resume});</li>
 * <li>the intake routes start.</li>
 * </ol>
 * Its progress is in the operations API ({@code GET /api/v1/ops/recovery}).
 */
public class StartupRecovery implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

    public enum Phase { WAITING, RECOVERING_EXECUTIONS, RESUMING_FILES, DONE, FAILED }

    public record Progress(Phase phase, Instant startedAt, Instant endedAt, List<ExecutionRecovery.Recovered> decisions, String problem) {
    }

    private final ExecutionRecovery recovery;
    private final JobStarter jobs;
    private final FileIntake intake;
    private final Map<String, String> jobsByFeed;
    private final CamelContext camel;
    private final boolean intakeEnabled;
    private final boolean recoverExecutions;
    private final Duration jobTimeout;
    private volatile Progress progress = new Progress(Phase.WAITING, null, null, List.of(), null);

    public StartupRecovery(ExecutionRecovery recovery, JobStarter jobs, FileIntake intake, Map<String, String> jobsByFeed, CamelContext camel,
            boolean intakeEnabled, boolean recoverExecutions, Duration jobTimeout) {
        this.recoverExecutions = recoverExecutions;
        this.recovery = recovery;
        this.jobs = jobs;
        this.intake = intake;
        this.jobsByFeed = jobsByFeed;
        this.camel = camel;
        this.intakeEnabled = intakeEnabled;
        this.jobTimeout = jobTimeout;
    }

    public Progress progress() {
        return progress;
    }

    public boolean done() {
        return progress.phase() == Phase.DONE || progress.phase() == Phase.FAILED;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread thread = new Thread(this::run, "startup-recovery");
        thread.setDaemon(true);
        thread.start();
    }

    void run() {
        Instant started = Instant.now();
        List<ExecutionRecovery.Recovered> decisions = new ArrayList<>();
        try {
            progress = new Progress(Phase.RECOVERING_EXECUTIONS, started, null, List.of(), null);
            if (recoverExecutions) {
                decisions.addAll(recovery.recoverOrphans());
            }
            progress = new Progress(Phase.RECOVERING_EXECUTIONS, started, null, List.copyOf(decisions), null);
            for (ExecutionRecovery.Recovered decision : decisions) {
                awaitRestarted(decision);
            }
            if (intakeEnabled) {
                progress = new Progress(Phase.RESUMING_FILES, started, null, List.copyOf(decisions), null);
                jobsByFeed.forEach(intake::resume); // each file on its own: one that fails is marked FAILED, the rest go on
            }
            progress = new Progress(Phase.DONE, started, Instant.now(), List.copyOf(decisions), null);
            log.info("start-up recovery done: {} execution(s) recovered", decisions.size());
        } catch (RuntimeException e) {
            progress = new Progress(Phase.FAILED, started, Instant.now(), List.copyOf(decisions), String.valueOf(e.getMessage()));
            log.error("start-up recovery failed (the heartbeat tries the executions again): {}", e.getMessage(), e);
        } finally {
            startRoutes(); // whatever happened above, new files are taken in
        }
    }

    /** A restarted file job is waited for, so a feed's files stay in order; one that takes too long is left running. */
    private void awaitRestarted(ExecutionRecovery.Recovered decision) {
        if (decision.newExecutionId() == null || !intake.isOpen()) {
            return;
        }
        try {
            jobs.awaitEnd(decision.newExecutionId(), jobTimeout);
        } catch (IllegalStateException e) {
            log.warn("start-up recovery: restarted execution {} still runs after {}; the intake starts anyway", decision.newExecutionId(), jobTimeout);
        }
    }

    private void startRoutes() {
        if (!intakeEnabled || !intake.isOpen()) {
            return;
        }
        try {
            for (String feed : jobsByFeed.keySet()) {
                camel.getRouteController().startRoute("intake-" + feed);
            }
            log.info("inbox folders watched from now on");
        } catch (Exception e) {
            log.error("the inbox folders could not be watched: {}", e.getMessage(), e);
        }
    }
}
