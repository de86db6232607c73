package dk.cardoffice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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

    static long maxHeapMib() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
}
