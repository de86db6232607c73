package dk.cardoffice.batch.launch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The processes that run jobs against this database, one row per process life ("incarnation").
 * A process is taken as dead when it said it stopped, when a later process of the same node name
 * started (a node runs one process at a time), or when its heartbeat is older than the lease; the
 * database's clock decides, so nodes with skewed clocks agree.
 */
public class JobNodes {

    private final JdbcTemplate jdbc;
    private final String nodeName;
    private final String incarnation = UUID.randomUUID().toString();
    private final java.time.LocalDateTime startedAt = java.time.LocalDateTime.now();
    private final Duration lease;
    private final Duration heartbeat;

    public JobNodes(JdbcTemplate jdbc, NodeProperties properties) {
        this.jdbc = jdbc;
        this.nodeName = properties.name().isBlank() ? hostName() : properties.name();
        this.lease = properties.lease();
        this.heartbeat = properties.heartbeat();
    }

    public long heartbeatMillis() {
        return heartbeat.toMillis();
    }

    /** Records this process; from now on any earlier process of the same node name counts as dead. */
    public void register() {
        jdbc.update("insert into job_node (incarnation, node_name, host, pid) values (?, ?, ?, ?)",
                incarnation, nodeName, hostName(), ProcessHandle.current().pid());
    }

    public void heartbeat() {
        jdbc.update("update job_node set heartbeat_at = current_timestamp where incarnation = ?", incarnation);
    }

    public void stopped() {
        jdbc.update("update job_node set stopped_at = current_timestamp, heartbeat_at = current_timestamp where incarnation = ?", incarnation);
    }

    /** When this process started, in the JVM's local time (as Spring Batch stores execution times). */
    public java.time.LocalDateTime startedAt() {
        return startedAt;
    }

    /** Whether any other process (of another node name) renewed its lease recently and has not stopped. */
    public boolean anotherProcessAlive() {
        Timestamp cutoff = leaseCutoff();
        Integer alive = jdbc.queryForObject("""
                select count(*) from job_node where incarnation <> ? and node_name <> ? and stopped_at is null and heartbeat_at >= ?""",
                Integer.class, incarnation, nodeName, cutoff);
        return alive > 0;
    }

    public String incarnation() {
        return incarnation;
    }

    public String nodeName() {
        return nodeName;
    }

    public Duration lease() {
        return lease;
    }

    /** A process this one knows to be gone (never this process itself). */
    public boolean isDead(String otherIncarnation) {
        if (incarnation.equals(otherIncarnation)) {
            return false;
        }
        Timestamp cutoff = leaseCutoff();
        Integer dead = jdbc.queryForObject("""
                select count(*) from job_node where incarnation = ?
                and (stopped_at is not null or node_name = ? or heartbeat_at < ?)""", Integer.class, otherIncarnation, nodeName, cutoff);
        Integer known = jdbc.queryForObject("select count(*) from job_node where incarnation = ?", Integer.class, otherIncarnation);
        return dead > 0 || known == 0;
    }

    /** A heartbeat older than this (by the database's clock) is a lease run out. */
    private Timestamp leaseCutoff() {
        Timestamp now = jdbc.queryForObject("select current_timestamp", Timestamp.class);
        return new Timestamp(now.getTime() - lease.toMillis());
    }

    /** How the process is described in a log line or a recovery reason. */
    public String describe(String someIncarnation) {
        return jdbc.query("select node_name, host, pid from job_node where incarnation = ?",
                rs -> rs.next() ? "node " + rs.getString(1) + " (host " + rs.getString(2) + ", pid " + rs.getLong(3) + ")" : "an unknown process",
                someIncarnation);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
