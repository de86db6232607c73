package dk.cardoffice.batch.enrolment;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which active enrolments of the institution a staged snapshot ends (contract §2): the pupil is
 * absent from the file, or a valid line's end_date has passed. A pupil whose line was rejected is
 * not absent: the rejected line still names them by CPR or by pupil id, so a bad line never ends
 * an enrolment. Used by the mass-leave guard (how many) and by the step that ends them (which).
 */
public class EndingEnrolments {

    public record Ending(long enrolmentId, long memberId, String pupilId, LocalDate endDateFromFile) {
    }

    private static final String ENDING = """
            from enrolment e join member m on m.id = e.member_id
            left join enrolment_line own on own.sha256 = ? and own.cpr_hmac = m.cpr_hmac
            where e.institution_no = ? and e.active_flag = true
              and ((own.line_no is null
                    and not exists (select 1 from enrolment_line r where r.sha256 = ? and r.status = 'REJECTED' and r.pupil_id = e.pupil_id))
                   or ((own.status is null or own.status <> 'REJECTED') and own.end_date < ?))""";

    private final JdbcTemplate jdbc;

    public EndingEnrolments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int activeCount(String institutionNo) {
        return jdbc.queryForObject("select count(*) from enrolment where institution_no = ? and active_flag = true", Integer.class,
                institutionNo);
    }

    public int count(String sha256, String institutionNo, LocalDate today) {
        return jdbc.queryForObject("select count(*) " + ENDING, Integer.class, sha256, institutionNo, sha256, Date.valueOf(today));
    }

    public List<Ending> list(String sha256, String institutionNo, LocalDate today) {
        return jdbc.query("select e.id, e.member_id, e.pupil_id, own.end_date " + ENDING + " order by e.id",
                (rs, i) -> new Ending(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate()),
                sha256, institutionNo, sha256, Date.valueOf(today));
    }
}
