package dk.cardoffice.integrations.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dk.cardoffice.batch.launch.ExecutionRecovery;
import dk.cardoffice.batch.launch.JobNodes;

/**
 * Proves this process alive every {@code cardoffice.node.heartbeat}, and once start-up recovery is
 * done looks for executions of other processes whose lease ran out (a second node that died), so
 * they are recovered without waiting for that node to start again.
 */
public class NodeHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final JobNodes nodes;
    private final ExecutionRecovery recovery;
    private final StartupRecovery startup;
    private final boolean recoverExecutions;
    private ScheduledExecutorService timer;

    /** @param recoverExecutions false in the one-shot commands (demo, verify-ledger): they never take over a service's jobs */
    public NodeHeartbeat(JobNodes nodes, ExecutionRecovery recovery, StartupRecovery startup, boolean recoverExecutions) {
        this.nodes = nodes;
        this.recovery = recovery;
        this.startup = startup;
        this.recoverExecutions = recoverExecutions;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = nodes.heartbeatMillis();
        timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            nodes.heartbeat();
            if (recoverExecutions && startup.done()) {
                recovery.recoverOrphans();
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
