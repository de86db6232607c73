package dk.cardoffice.ledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a Spring test context its own fresh database and home folder. The test class says which
 * database with {@code @TestPropertySource(properties = "cardoffice.test.database=POSTGRES")} (or H2),
 * so one abstract test runs on both through two three-line subclasses.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestDatabase.valueOf(context.getEnvironment().getProperty("cardoffice.test.database", "H2"));
        TestDatabase.Fresh fresh = database.create();
        // the pool of the fresh database is not used by the context; it keeps an H2 in-memory database alive
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                fresh.close();
            }
        });
        try {
            String home = Files.createTempDirectory("cardoffice-test-home").toString();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", Map.of(
                    "spring.datasource.url", fresh.jdbcUrl(),
                    "spring.datasource.username", fresh.username(),
                    "spring.datasource.password", fresh.password(),
                    "cardoffice.home", home,
                    // Quartz keeps a JVM-wide registry of schedulers by name: each cached test context needs its own
                    "spring.quartz.scheduler-name", "cardoffice-test-" + java.util.UUID.randomUUID())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
