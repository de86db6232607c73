package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.testing.TestDatabase;

/**
 * V17 gives every settlement line the time it was reconciled; the lines reconciled before it get the time their file's
 * first payout row was made (the first chunk of the file), so the finance report finds a past day's settlement as it was.
 */
class SettlementLineMigrationTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void linesReconciledBeforeV17GetTheTimeTheirFileWasFirstReconciled(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerSchema.migrateTo(db.ds(), "15"); // V16 is PostgreSQL's only
            JdbcTemplate jdbc = new JdbcTemplate(db.ds());
            Instant first = Instant.parse("2026-11-20T22:59:40Z");
            Instant second = Instant.parse("2026-11-20T23:00:05Z"); // the same file's second payout, after midnight in Copenhagen
            jdbc.update("insert into file_registry (feed, file_name, sha256, size_bytes, status) values ('settlement', 'settlement_NETS_20261120.csv', ?, 10,"
                    + " 'PROCESSED')", "a".repeat(64));
            long fileId = jdbc.queryForObject("select id from file_registry where sha256 = ?", Long.class, "a".repeat(64));
            for (String payout : new String[] {"P-1", "P-2"}) {
                jdbc.update("""
                        insert into settlement_batch (file_sha256, payout_reference, file_name, acquirer, settlement_date, line_count, gross_ore, fee_ore,
                            net_ore, posted_net_ore, matched, amount_mismatch, unknown_order, duplicate, created_at)
                        values (?, ?, 'settlement_NETS_20261120.csv', 'NETS', date '2026-11-20', 1, 1000, 10, 990, 990, 1, 0, 0, 0, ?)""",
                        "a".repeat(64), payout, Timestamp.from(payout.equals("P-1") ? first : second));
                jdbc.update("""
                        insert into settlement_line (file_id, line_no, acquirer, settlement_date, payout_reference, transaction_id, order_id, transaction_time,
                            card_brand, type, amount_ore, fee_ore, outcome)
                        values (?, ?, 'NETS', date '2026-11-20', ?, ?, ?, ?, 'VISA', 'CAPTURE', 1000, 10, 'MATCHED')""",
                        fileId, payout.equals("P-1") ? 1 : 2, payout, "T-" + payout, "O-" + payout, Timestamp.from(first));
            }

            LedgerSchema.migrate(db.ds());

            assertThat(jdbc.queryForList("select reconciled_at from settlement_line order by line_no", OffsetDateTime.class))
                    .extracting(OffsetDateTime::toInstant).containsExactly(first, first);
            assertThat(jdbc.queryForObject("select count(*) from settlement_line where reconciled_at >= ? and reconciled_at < ?", Long.class,
                    Timestamp.from(first), Timestamp.from(second))).isEqualTo(2);
        }
    }
}
