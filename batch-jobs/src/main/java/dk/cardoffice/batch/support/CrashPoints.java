package dk.cardoffice.batch.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named places in a job where a restart test can simulate a crash ("after the file is renamed,
 * before the database knows"). In production nothing is armed and {@link #reached} does nothing.
 */
public class CrashPoints {

    private final Map<String, Integer> armed = new ConcurrentHashMap<>();

    /** The next {@code afterPasses + 1}-th time {@code point} is reached, it throws. */
    public void arm(String point, int afterPasses) {
        armed.put(point, afterPasses);
    }

    public void disarmAll() {
        armed.clear();
    }

    public void reached(String point) {
        Integer remaining = armed.computeIfPresent(point, (p, n) -> n - 1);
        if (remaining != null && remaining < 0) {
            armed.remove(point);
            throw new SimulatedCrash(point);
        }
    }

    /** The exception a simulated crash throws. */
    public static class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(String point) {
            super("simulated crash at " + point);
        }
    }
}
