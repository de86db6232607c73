package dk.cardoffice.ledger.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The data of a cardoffice database as one CSV file per table (header = columns, {@code \N} = null) plus
 * {@code tables.txt}, the tables in foreign-key order; and back into a database of the same schema version, H2 or
 * PostgreSQL (each value cast to its column's type). Spring Batch's and Quartz's tables and Flyway's history are left
 * out: they belong to the running service, not to its data. Used to keep a database made by an earlier version as test
 * data; run {@code main} on such a database to make one (see src/test/resources/schema-10-demo/README.md).
 */
public final class TableDump {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setNullString("\\N").setRecordSeparator('\n').get();

    private TableDump() {
    }

    /** {@code main(jdbcUrl, user, password, folder)}: dumps that database into the folder. */
    public static void main(String[] args) throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(args[0]);
            ds.setUsername(args[1]);
            ds.setPassword(args[2]);
            dump(ds, Path.of(args[3]));
        }
    }

    public static void dump(DataSource ds, Path folder) throws SQLException, IOException {
        Files.createDirectories(folder);
        try (Connection c = ds.getConnection()) {
            List<String> tables = tablesInForeignKeyOrder(c);
            Files.write(folder.resolve("tables.txt"), tables, StandardCharsets.UTF_8);
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " order by 1");
                        Writer out = Files.newBufferedWriter(folder.resolve(table + ".csv"), StandardCharsets.UTF_8);
                        CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
                    int columns = rs.getMetaData().getColumnCount();
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        header.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
                    }
                    csv.printRecord(header);
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(columns);
                        for (int i = 1; i <= columns; i++) {
                            row.add(rs.getString(i));
                        }
                        csv.printRecord(row);
                    }
                }
            }
        }
    }

    /** Replaces the rows of the dumped tables with the dump's (the seed rows a migration made go first). */
    public static void load(DataSource ds, Path folder) throws SQLException, IOException {
        List<String> tables = Files.readAllLines(folder.resolve("tables.txt"), StandardCharsets.UTF_8);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (int i = tables.size() - 1; i >= 0; i--) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("delete from " + tables.get(i));
                }
            }
            for (String table : tables) {
                Map<String, String> types = columnTypes(c, table);
                try (Reader in = Files.newBufferedReader(folder.resolve(table + ".csv"), StandardCharsets.UTF_8)) {
                    var records = FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
                    List<String> columns = records.getHeaderNames();
                    StringBuilder sql = new StringBuilder("insert into " + table + " (" + String.join(", ", columns) + ") values (");
                    for (int i = 0; i < columns.size(); i++) {
                        sql.append(i == 0 ? "" : ", ").append("cast(? as ").append(types.get(columns.get(i))).append(')');
                    }
                    try (PreparedStatement insert = c.prepareStatement(sql.append(')').toString())) {
                        for (CSVRecord record : records) {
                            for (int i = 0; i < columns.size(); i++) {
                                insert.setString(i + 1, record.get(i));
                            }
                            insert.executeUpdate();
                        }
                    }
                }
            }
            c.commit();
        }
    }

    private static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select lower(column_name), data_type from information_schema.columns where lower(table_name) = ? and table_schema = current_schema()""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2).toLowerCase(Locale.ROOT);
                    types.put(rs.getString(1), type.equals("character large object") ? "varchar" : type);
                }
            }
        }
        return types;
    }

    /** The data tables, every table after the tables it refers to. */
    private static List<String> tablesInForeignKeyOrder(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        Map<String, Set<String>> refersTo = new LinkedHashMap<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", null)) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                String type = rs.getString("TABLE_TYPE");
                if ((type.equals("TABLE") || type.equals("BASE TABLE")) && !table.startsWith("batch_") && !table.startsWith("qrtz_") && !table.equals("flyway_schema_history")) {
                    refersTo.put(table, new LinkedHashSet<>());
                }
            }
        }
        for (String table : refersTo.keySet()) {
            try (ResultSet rs = meta.getImportedKeys(null, schema, table)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table) && refersTo.containsKey(parent)) {
                        refersTo.get(table).add(parent);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < refersTo.size()) {
            int before = ordered.size();
            for (var entry : refersTo.entrySet()) {
                if (!ordered.contains(entry.getKey()) && ordered.containsAll(entry.getValue())) {
                    ordered.add(entry.getKey());
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("foreign keys in a cycle among " + refersTo.keySet());
            }
        }
        return ordered;
    }
}
