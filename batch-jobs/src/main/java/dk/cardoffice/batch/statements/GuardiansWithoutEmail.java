package dk.cardoffice.batch.statements;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

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
        return jdbc.query("""
                select distinct g.name, g.cpr_masked, a.account_no from account a
                join member_guardian mg on mg.member_id = a.member_id join guardian g on g.id = mg.guardian_id
                where a.kind = 'MEMBER' and coalesce(g.portal_email, g.email) is null
                  and exists (select 1 from movement m where m.member_account_id = a.id and m.booked_at >= ? and m.booked_at < ?)
                order by a.account_no, g.cpr_masked limit ?""", (rs, i) -> new Missing(rs.getString(1), rs.getString(2), rs.getString(3)),
                Timestamp.from(day.atStartOfDay(COPENHAGEN).toInstant()), Timestamp.from(day.plusDays(1).atStartOfDay(COPENHAGEN).toInstant()), limit);
    }
}
