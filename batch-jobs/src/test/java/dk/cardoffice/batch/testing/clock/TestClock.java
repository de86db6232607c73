package dk.cardoffice.batch.testing.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in a test that is about chosen days: it is put at a moment ({@link #setTo}) and runs on from
 * there at the real pace, so every job, booking and launch sees the test's day (and two launches still get different
 * time stamps). Always in Copenhagen time, as the application's own clock. Imported by a test with {@code @Import(TestClock.Beans.class)}.
 */
public class TestClock extends Clock {

    public static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private volatile Instant setAt = Instant.now();
    private volatile long setAtNanos = System.nanoTime();

    /** From now on the clock reads {@code at}, and runs on from it. */
    public void setTo(Instant at) {
        setAtNanos = System.nanoTime();
        setAt = at;
    }

    /** {@link #setTo} that day at that time, Copenhagen. */
    public void setTo(LocalDate day, LocalTime time) {
        setTo(day.atTime(time).atZone(COPENHAGEN).toInstant());
    }

    @Override
    public Instant instant() {
        return setAt.plusNanos(System.nanoTime() - setAtNanos);
    }

    @Override
    public ZoneId getZone() {
        return COPENHAGEN;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the application's clock is in Copenhagen time");
    }

    /** Puts a {@link TestClock} in place of the application's clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Beans {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
