package dk.cardoffice.ledger;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's way in for a large batch of movements (a chunk of a sales file): the keys posted before are looked up,
 * ids drawn from the sequence, and only the new rows sent with {@code COPY}. No array parameters to parse and no
 * conflict handling per row: the 2,000 movements of a chunk cost about what storing them costs (see
 * docs/performance.md). The unique key still decides: when a concurrent writer posts one of the same keys between the
 * look-up and the {@code COPY}, the {@code COPY} fails on it, is rolled back to a savepoint, and the caller inserts
 * the batch the ordinary way ({@code on conflict do nothing}), which then sees the other writer's row.
 */
final class MovementCopy {

    /** Below this many rows the ordinary insert is cheaper than a look-up, a sequence call, a savepoint and a COPY. */
    static final int FROM_ROWS = 200;

    private static final String COPY = """
            copy movement (id, type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                           description, reference_id, institution_no, institution_type, card_number, items, sales_file_id, line_no)
            from stdin""";

    /** A movement stored now, with its id. */
    record Stored(long id, Movement movement) {
    }

    private MovementCopy() {
    }

    static boolean supported(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c -> c.getMetaData().getDatabaseProductName().equals("PostgreSQL")));
    }

    /**
     * Stores the movements whose key was not posted before; returns them with their ids, or null when another writer
     * posted one of the keys meanwhile (nothing of this call is left then). {@code memberIds[i]} is movement i's member side.
     */
    static List<Stored> insert(JdbcTemplate jdbc, List<Movement> movements, Long[] memberIds) {
        return jdbc.execute((ConnectionCallback<List<Stored>>) connection -> {
            Set<String> posted = postedKeys(connection, movements);
            List<Integer> fresh = new ArrayList<>(movements.size());
            for (int i = 0; i < movements.size(); i++) {
                if (!posted.contains(key(movements.get(i)))) {
                    fresh.add(i);
                }
            }
            // key order, as the ordinary insert: two writers with the same keys meet on them in the same order
            fresh.sort(Comparator.comparing((Integer i) -> movements.get(i).businessKey()).thenComparing(i -> movements.get(i).keySpace())
                    .thenComparingInt(i -> movements.get(i).leg()));
            List<Stored> stored = new ArrayList<>(fresh.size());
            if (fresh.isEmpty()) {
                return stored;
            }
            long[] ids = newIds(connection, fresh.size());
            StringBuilder rows = new StringBuilder(fresh.size() * 160);
            for (int k = 0; k < fresh.size(); k++) {
                int i = fresh.get(k);
                Movement m = movements.get(i);
                appendRow(rows, ids[k], m, memberIds[i]);
                stored.add(new Stored(ids[k], m));
            }
            Savepoint savepoint = connection.setSavepoint();
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(rows.toString()));
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    connection.rollback(savepoint);
                    return null;
                }
                throw e;
            } catch (java.io.IOException e) {
                throw new SQLException("COPY into movement failed", e);
            }
            connection.releaseSavepoint(savepoint);
            return stored;
        });
    }

    private static String key(Movement m) {
        return m.keySpace() + '\n' + m.businessKey() + '\n' + m.leg();
    }

    private static Set<String> postedKeys(Connection connection, List<Movement> movements) throws SQLException {
        Set<String> businessKeys = new HashSet<>(movements.size() * 2);
        for (Movement m : movements) {
            businessKeys.add(m.businessKey());
        }
        Set<String> posted = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("select key_space, business_key, leg from movement where business_key = any(?)")) {
            ps.setArray(1, connection.createArrayOf("varchar", businessKeys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    posted.add(rs.getString(1) + '\n' + rs.getString(2) + '\n' + rs.getInt(3));
                }
            }
        }
        return posted;
    }

    private static long[] newIds(Connection connection, int n) throws SQLException {
        long[] ids = new long[n];
        // the sequence named once (a function in the select list would be evaluated per row)
        try (PreparedStatement ps = connection.prepareStatement("select nextval(s) from cast(pg_get_serial_sequence('movement', 'id') as regclass) s,"
                + " generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int k = 0; k < n; k++) {
                    rs.next();
                    ids[k] = rs.getLong(1);
                }
            }
        }
        java.util.Arrays.sort(ids);
        return ids;
    }

    /** One row in COPY's text format: tab between columns, \N for null, backslash escapes (the items hold tabs and line ends). */
    private static void appendRow(StringBuilder to, long id, Movement m, Long memberId) {
        Movement.SaleDetail sale = m.sale();
        to.append(id).append('\t').append(m.type().name()).append('\t').append(m.keySpace()).append('\t');
        text(to, m.businessKey()).append('\t').append(m.leg()).append('\t').append(m.debitAccountId()).append('\t').append(m.creditAccountId())
                .append('\t');
        (memberId == null ? to.append("\\N") : to.append(memberId.longValue())).append('\t').append(m.amountOre()).append('\t')
                .append(m.bookedAt()).append('\t');
        text(to, m.description()).append('\t');
        (m.referenceId() == null ? to.append("\\N") : to.append(m.referenceId().longValue())).append('\t');
        if (sale == null) {
            to.append("\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
            return;
        }
        text(to, sale.institutionNo()).append('\t');
        text(to, sale.institutionType()).append('\t');
        text(to, sale.cardNumber()).append('\t');
        text(to, sale.items()).append('\t').append(sale.salesFileId()).append('\t').append(sale.lineNo()).append('\n');
    }

    private static StringBuilder text(StringBuilder to, String value) {
        if (value == null) {
            return to.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> to.append("\\\\");
                case '\t' -> to.append("\\t");
                case '\n' -> to.append("\\n");
                case '\r' -> to.append("\\r");
                default -> to.append(c);
            }
        }
        return to;
    }
}
