package dk.cardoffice.ledger;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's COPY for a chunk of rows, on the connection of the caller's transaction (so the rows commit or roll
 * back with it). On another database it does nothing and says so: the caller then inserts the same columns its
 * portable way ({@link SqlArrays#executeWithColumns}).
 */
public final class PostgresCopy {

    private PostgresCopy() {
    }

    /**
     * Copies the rows given column by column ({@code columns[c][row]}, null = SQL NULL, other values by their
     * {@code toString()}, which is PostgreSQL's input form for numbers, dates and {@code OffsetDateTime}).
     *
     * @param target a table and its column list, {@code name (a, b, c)}
     * @return false when the database is not PostgreSQL and nothing was written
     */
    public static boolean copyIn(JdbcTemplate jdbc, String target, Object[][] columns) {
        return jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return false;
            }
            int rows = columns.length == 0 ? 0 : columns[0].length;
            StringBuilder text = new StringBuilder(rows * 160);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns.length; c++) {
                    if (c > 0) {
                        text.append('\t');
                    }
                    appendValue(text, columns[c][r]);
                }
                text.append('\n');
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + target + " from stdin", new StringReader(text.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        });
    }

    /** COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
    private static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(ch);
            }
        }
    }
}
