package dk.cardoffice.batch.testing.crash;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers {@link CrashInjection} in every context started with this test code on the classpath. In
 * a test's own context it throws where a test arms it; in a service process a test started with
 * {@code cardoffice.test.crash-at=<point>[:<passes>]} it hangs there after writing the marker file
 * {@code cardoffice.test.crash-marker}, waiting for the test's SIGKILL.
 */
@AutoConfiguration
public class CrashInjectionAutoConfiguration {

    @Bean
    static CrashInjection crashInjection(Environment environment) {
        String at = environment.getProperty("cardoffice.test.crash-at");
        if (at == null || at.isBlank()) {
            return new CrashInjection(CrashInjection.Action.THROW, null);
        }
        CrashInjection injection = new CrashInjection(CrashInjection.Action.PAUSE, Path.of(environment.getRequiredProperty("cardoffice.test.crash-marker")));
        String[] parts = at.split(":");
        injection.arm(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        return injection;
    }
}
