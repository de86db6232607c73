package dk.cardoffice.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dk.cardoffice.ledger.LedgerSchema;

/**
 * Chooses the database before anything connects: {@code spring.datasource.*} when given, else
 * {@code CARDOFFICE_DB_URL}/{@code _USER}/{@code _PASSWORD}, else the embedded H2 file database
 * under {@code <cardoffice.home>/db} (contract §1), in PostgreSQL mode so one SQL dialect serves both.
 * Registered in META-INF/spring.factories.
 */
public class DatabaseDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Map<String, Object> defaults = new HashMap<>();
        String url = environment.getProperty("CARDOFFICE_DB_URL");
        if (url != null && !url.isBlank()) {
            defaults.put("spring.datasource.url", url);
            defaults.put("spring.datasource.username", environment.getProperty("CARDOFFICE_DB_USER", ""));
            defaults.put("spring.datasource.password", environment.getProperty("CARDOFFICE_DB_PASSWORD", ""));
        } else {
            Path home = Path.of(environment.getProperty("cardoffice.home", "./var")).toAbsolutePath().normalize();
            // WRITE_DELAY=0: H2 otherwise writes a commit to its file up to half a second later, and a process killed
            // in that window loses transactions it reported committed (measured by the SIGKILL tests: a posted sales
            // file came back as never finished). Every commit reaches the file before the caller hears of it.
            defaults.put("spring.datasource.url", "jdbc:h2:file:" + home.resolve("db").resolve("cardoffice") + LedgerSchema.H2_URL_OPTIONS
                    + ";WRITE_DELAY=0");
            defaults.put("spring.datasource.username", "sa");
            defaults.put("spring.datasource.password", "");
        }
        environment.getPropertySources().addLast(new MapPropertySource("cardofficeDatabaseDefaults", defaults));
    }
}
