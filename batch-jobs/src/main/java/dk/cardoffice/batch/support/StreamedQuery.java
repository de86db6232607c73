package dk.cardoffice.batch.support;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * A query whose rows are handed over one at a time and fetched a page at a time: PostgreSQL otherwise loads every row
 * of a result before the first is read (it streams them with a fetch size inside a transaction, as a job's step is).
 */
public final class StreamedQuery {

    private StreamedQuery() {
    }

    public static void each(JdbcTemplate jdbc, int fetchSize, String sql, RowCallbackHandler row, Object... args) {
        jdbc.query(con -> {
            var statement = con.prepareStatement(sql);
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            statement.setFetchSize(fetchSize);
            return statement;
        }, row);
    }
}
