package dk.cardoffice.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Where the migrations live. Common SQL runs on both databases; the Spring Batch job repository
 * schema differs per vendor ({vendor} is h2 or postgresql).
 */
public final class LedgerSchema {

    /** H2 in PostgreSQL mode, so one SQL dialect serves both databases. */
    public static final String H2_URL_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000";

    public static final String[] LOCATIONS = {"classpath:db/migration/common", "classpath:db/migration/{vendor}"};

    private LedgerSchema() {
    }

    /**
     * Migrates a database outside Spring Boot (tests, benchmarks). Plain Flyway does not know
     * Spring Boot's {vendor} placeholder, so the vendor is read off the connection here.
     */
    public static void migrate(DataSource dataSource) {
        migrateTo(dataSource, "latest");
    }

    /** The database behind {@code dataSource}: "postgresql" or "h2" (the {vendor} of the migration locations). */
    public static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? "postgresql" : "h2";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database", e);
        }
    }

    /** Migrates up to a version ("10", or "latest"): how a migration test builds a database of an earlier schema. */
    public static void migrateTo(DataSource dataSource, String version) {
        String vendor = vendor(dataSource);
        String[] locations = Arrays.stream(LOCATIONS).map(l -> l.replace("{vendor}", vendor)).toArray(String[]::new);
        Flyway.configure().dataSource(dataSource).locations(locations).target(version).load().migrate();
    }
}
