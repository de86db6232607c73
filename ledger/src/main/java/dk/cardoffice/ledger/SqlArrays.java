package dk.cardoffice.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

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

    public static AbstractSqlTypeValue bigints(Collection<Long> values) {
        return of("bigint", values.toArray(new Long[0]));
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
