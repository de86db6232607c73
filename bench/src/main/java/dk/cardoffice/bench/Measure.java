package dk.cardoffice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap in use during a measured run, sampled every 20 ms from the JVM's heap usage (the sum of
 * the pools' own peaks overstates it: eden and old generation peak at different moments).
 */
final class Measure {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final AtomicLong PEAK = new AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            while (true) {
                PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private Measure() {
    }

    static void resetPeakHeap() {
        System.gc();
        PEAK.set(MEMORY.getHeapMemoryUsage().getUsed());
    }

    static long peakHeapMib() {
        return PEAK.get() / (1024 * 1024);
    }

    /** CPU seconds this JVM has used (all its threads: the jobs, the collector, the compiler). */
    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * CPU seconds used so far by the processes named postgres on this machine (Linux {@code /proc}; NaN elsewhere): with the
     * JVM's, it shows which side of the connection a change saved.
     */
    static double postgresCpuSeconds() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Double.NaN;
        }
        double ticks = 0;
        try (var entries = Files.list(proc)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of stat)
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ
    }

    static long maxHeapMib() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The statements PostgreSQL spent most time on during {@code what} (pg_stat_statements, reset before it). */
    static void printPostgresStatements(org.springframework.jdbc.core.JdbcTemplate jdbc, String what) {
        System.out.println("  PostgreSQL statements by total time during " + what + " (ms total, calls, rows, statement):");
        jdbc.query("""
                select round(total_exec_time)::bigint, calls, rows, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
                order by total_exec_time desc limit 15""", rs -> {
            String query = rs.getString(4);
            System.out.printf("    %8d ms %7d calls %9d rows  %s%n", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    query.length() > 150 ? query.substring(0, 150) + "…" : query);
        });
    }
}
