package dk.cardoffice.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/**
 * A collection as one SQL array parameter, for {@code where x = any(?)}: one query for a whole
 * chunk instead of one per row. PostgreSQL and H2 both accept it.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static AbstractSqlTypeValue varchars(Collection<String> values) {
        return of("varchar", values.toArray(new String[0]));
    }

    public static AbstractSqlTypeValue dates(Collection<java.time.LocalDate> values) {
        return of("date", values.toArray(new java.time.LocalDate[0]));
    }

    public static AbstractSqlTypeValue bigints(Collection<Long> values) {
        return of("bigint", values.toArray(new Long[0]));
    }

    /**
     * A column of values as one array parameter, for {@code insert ... select * from unnest(?, ?, ...)}:
     * a whole chunk in one statement on both databases. {@code type} is PostgreSQL's name; H2 spells
     * timestamptz out.
     */
    public static java.sql.Array column(Connection connection, String type, Object[] values) throws SQLException {
        boolean h2 = connection.getMetaData().getDatabaseProductName().equals("H2");
        return connection.createArrayOf(h2 && type.equals("timestamptz") ? "timestamp with time zone" : type, values);
    }

    /**
     * Runs {@code sql} (an {@code insert ... select from unnest(?, ?, ...)} or {@code merge ... using unnest(...)})
     * with one array parameter per column: a chunk's rows in one statement. Returns the update count.
     */
    public static int executeWithColumns(JdbcTemplate jdbc, String sql, String[] types, Object[][] columns) {
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int c = 0; c < columns.length; c++) {
                    ps.setArray(c + 1, column(connection, types[c], columns[c]));
                }
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Like {@link #executeWithColumns}, for an {@code insert ... on conflict do nothing}: hands each row
     * that was really inserted to {@code inserted}, with the {@code returned} columns (generated keys) in
     * that order. The rows skipped by the conflict are the ones that are not handed over.
     */
    public static void insertWithColumns(JdbcTemplate jdbc, String sql, String[] types, Object[][] columns, String[] returned,
            RowCallbackHandler inserted) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql, returned)) {
                for (int c = 0; c < columns.length; c++) {
                    ps.setArray(c + 1, column(connection, types[c], columns[c]));
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        inserted.processRow(keys);
                    }
                }
            }
            return null;
        });
    }

    private static AbstractSqlTypeValue of(String type, Object[] values) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
                return connection.createArrayOf(type, values);
            }
        };
    }
}
