package dk.cardoffice.batch.statements;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.support.StreamedQuery;

/** The guardians who got no statement for a day because cardoffice has no e-mail address for them (never silently skipped). */
public class GuardiansWithoutEmail {

    /** A guardian (CPR masked) and the account whose statement they could not get. */
    public record Missing(String guardianName, String guardianCprMasked, String accountNo) {
    }

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private final JdbcTemplate jdbc;

    public GuardiansWithoutEmail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Missing> on(LocalDate day, int limit) {
        List<Missing> found = new java.util.ArrayList<>();
        query(day, " limit " + Math.max(0, limit), found::add);
        return found;
    }

    /** Every one of them, one after the other, without holding the list. */
    public void each(LocalDate day, Consumer<Missing> missing) {
        query(day, "", missing);
    }

    private void query(LocalDate day, String limit, Consumer<Missing> missing) {
        StreamedQuery.each(jdbc, 1000, """
                select distinct g.name, g.cpr_masked, a.account_no from account a
                join member_guardian mg on mg.member_id = a.member_id join guardian g on g.id = mg.guardian_id
                where a.kind = 'MEMBER' and coalesce(g.portal_email, g.email) is null
                  and exists (select 1 from movement m where m.member_account_id = a.id and m.booked_at >= ? and m.booked_at < ?)
                order by a.account_no, g.cpr_masked""" + limit, rs -> missing.accept(new Missing(rs.getString(1), rs.getString(2), rs.getString(3))),
                Timestamp.from(day.atStartOfDay(COPENHAGEN).toInstant()), Timestamp.from(day.plusDays(1).atStartOfDay(COPENHAGEN).toInstant()));
    }
}
