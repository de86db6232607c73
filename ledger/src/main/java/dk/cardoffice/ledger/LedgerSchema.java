package dk.cardoffice.ledger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Where the migrations live. Common SQL runs on both databases; the Spring Batch job repository
 * schema differs per vendor ({vendor} is h2 or postgresql).
 */
public final class LedgerSchema {

    public static final String[] LOCATIONS = {"classpath:db/migration/common", "classpath:db/migration/{vendor}"};

    private LedgerSchema() {
    }

    /** Migrates a database outside Spring Boot (tests, benchmarks). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(LOCATIONS).load().migrate();
    }
}
