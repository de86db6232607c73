package dk.cardoffice.integrations.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/** Something the service does every so often on its own daemon thread, from start to stop (the heartbeat, the mail sender). */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String threadName;
    private ScheduledExecutorService timer;

    protected PeriodicTask(String threadName) {
        this.threadName = threadName;
    }

    /** The pause between the end of one round and the start of the next. */
    protected abstract long periodMillis();

    /** One round; an exception is the round's own business (log it), the next round comes anyway. */
    protected abstract void round();

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long period = periodMillis();
        timer.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
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
