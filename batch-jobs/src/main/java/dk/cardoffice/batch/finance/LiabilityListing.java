package dk.cardoffice.batch.finance;

import java.nio.file.Path;
import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.support.StreamedQuery;
import dk.cardoffice.ledger.Money;

/**
 * {@code liability_<date>.csv} (contract §13), the list auditors ask for: every member account with its balance at the
 * end of the day (from the movements booked before it), streamed account by account; the column sums to the e-money
 * liability. An account opened after the day is left out unless a movement of the day or before is on it.
 */
final class LiabilityListing {

    static final String[] HEADER = {"account_no", "holder_name", "cpr_masked", "status", "balance"};

    /** What was listed: accounts and the sum of their balances. */
    record Listed(long accounts, long total) {
    }

    private LiabilityListing() {
    }

    static Listed write(JdbcTemplate jdbc, Path target, ReportDay day, LedgerBalances atEnd) {
        long[] listed = new long[2];
        ReportCsv.write(target, csv -> {
            csv.printRecord((Object[]) HEADER);
            StreamedQuery.each(jdbc, 5000, """
                    select a.id, a.account_no, m.first_name || ' ' || m.last_name, m.cpr_masked, a.status, a.created_at < ?
                    from account a join member m on m.id = a.member_id where a.kind = 'MEMBER' order by a.account_no""", rs -> {
                long balance = atEnd.of(rs.getLong(1));
                if (!rs.getBoolean(6) && balance == 0) {
                    return;
                }
                try {
                    csv.printRecord(ReportCsv.text(rs.getString(2)), ReportCsv.text(rs.getString(3)), ReportCsv.text(rs.getString(4)),
                            rs.getString(5), Money.formatDkk(balance));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                listed[0]++;
                listed[1] = Math.addExact(listed[1], balance);
            }, Timestamp.from(day.end()));
        });
        return new Listed(listed[0], listed[1]);
    }
}
