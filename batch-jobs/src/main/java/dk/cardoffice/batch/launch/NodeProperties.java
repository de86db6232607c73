package dk.cardoffice.batch.launch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cardoffice.node.*}: who this process is among the processes sharing one database, and how
 * long a process may stay silent before its running jobs are taken as orphaned.
 *
 * @param name this node's name; empty = the host name. Two processes on one host sharing a database need two names.
 * @param heartbeat how often this process proves it is alive
 * @param lease how long after its last heartbeat another process's executions count as orphaned
 */
@ConfigurationProperties("cardoffice.node")
public record NodeProperties(
        @DefaultValue("") String name,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("60s") Duration lease) {
}
