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
 * V17 gives every settlement line the time it was reconciled. A line reconciled before it that posted gets the booking
 * time of its movement (the chunk's time, also after midnight for a file reconciled across it); one that posted
 * nothing gets the time its file's first payout row was made. The finance report then finds a past day's settlement as
 * it was.
 */
class SettlementLineMigrationTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void linesReconciledBeforeV17GetTheTimeTheirChunkWasBooked(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerSchema.migrateTo(db.ds(), "15"); // V16 is PostgreSQL's only
            JdbcTemplate jdbc = new JdbcTemplate(db.ds());
            Instant first = Instant.parse("2026-11-20T22:59:40Z");  // the first chunk, before midnight in Copenhagen
            Instant second = Instant.parse("2026-11-20T23:00:05Z"); // the second, after it
            String sha = "a".repeat(64);
            jdbc.update("insert into file_registry (feed, file_name, sha256, size_bytes, status) values ('settlement', 'settlement_NETS_20261120.csv', ?, 10,"
                    + " 'PROCESSED')", sha);
            long fileId = jdbc.queryForObject("select id from file_registry where sha256 = ?", Long.class, sha);
            jdbc.update("""
                    insert into settlement_batch (file_sha256, payout_reference, file_name, acquirer, settlement_date, line_count, gross_ore, fee_ore,
                        net_ore, posted_net_ore, matched, amount_mismatch, unknown_order, duplicate, created_at)
                    values (?, 'P-1', 'settlement_NETS_20261120.csv', 'NETS', date '2026-11-20', 3, 3000, 30, 2970, 1980, 2, 0, 0, 1, ?)""",
                    sha, Timestamp.from(first));
            long nets = jdbc.queryForObject("select id from account where account_no = 'ACQ-NETS'", Long.class);
            long bank = jdbc.queryForObject("select id from account where account_no = 'BANK-CLIENT-FUNDS'", Long.class);
            Long[] movements = new Long[2];
            for (int i = 0; i < 2; i++) {
                jdbc.update("""
                        insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, amount, booked_at)
                        values ('SETTLEMENT', 'SETTLEMENT', ?, 1, ?, ?, 990, ?)""", sha + ":lines:" + (i + 1), bank, nets, Timestamp.from(i == 0 ? first : second));
                movements[i] = jdbc.queryForObject("select id from movement where business_key = ?", Long.class, sha + ":lines:" + (i + 1));
            }
            Long[] postedBy = {movements[0], movements[1], null}; // line 3 was a duplicate: nothing posted
            for (int line = 1; line <= 3; line++) {
                jdbc.update("""
                        insert into settlement_line (file_id, line_no, acquirer, settlement_date, payout_reference, transaction_id, order_id, transaction_time,
                            card_brand, type, amount_ore, fee_ore, outcome, ledger_transaction_id)
                        values (?, ?, 'NETS', date '2026-11-20', 'P-1', ?, ?, ?, 'VISA', 'CAPTURE', 1000, 10, ?, ?)""",
                        fileId, line, "T-" + line, "O-" + line, Timestamp.from(first), line == 3 ? "DUPLICATE" : "MATCHED", postedBy[line - 1]);
            }

            LedgerSchema.migrate(db.ds());

            assertThat(jdbc.queryForList("select reconciled_at from settlement_line order by line_no", OffsetDateTime.class))
                    .extracting(OffsetDateTime::toInstant).containsExactly(first, second, first);
        }
    }
}
