package dk.cardoffice.integrations.lifecycle;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dk.cardoffice.batch.launch.ExecutionRecovery;
import dk.cardoffice.batch.launch.JobNodes;

/**
 * Proves this process alive every {@code cardoffice.node.heartbeat}, and once start-up recovery is
 * done looks for executions of other processes whose lease ran out (a second node that died), so
 * they are recovered without waiting for that node to start again.
 */
public class NodeHeartbeat extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final JobNodes nodes;
    private final ExecutionRecovery recovery;
    private final StartupRecovery startup;
    private final boolean recoverExecutions;

    /** @param recoverExecutions false in the one-shot commands (demo, verify-ledger): they never take over a service's jobs */
    public NodeHeartbeat(JobNodes nodes, ExecutionRecovery recovery, StartupRecovery startup, boolean recoverExecutions) {
        super("node-heartbeat");
        this.nodes = nodes;
        this.recovery = recovery;
        this.startup = startup;
        this.recoverExecutions = recoverExecutions;
    }

    @Override
    protected long periodMillis() {
        return nodes.heartbeatMillis();
    }

    @Override
    protected void round() {
        beat();
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
}
