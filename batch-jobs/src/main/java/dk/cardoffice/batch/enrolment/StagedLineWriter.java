package dk.cardoffice.batch.enrolment;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stages a chunk of lines with one JDBC batch. The key (file hash, line number) makes a restart
 * that stages a line again change nothing.
 */
public class StagedLineWriter implements ItemWriter<StagedLine> {

    private final JdbcTemplate jdbc;
    private final String sha256;
    private final String institutionNo;

    public StagedLineWriter(JdbcTemplate jdbc, String sha256, String institutionNo) {
        this.jdbc = jdbc;
        this.sha256 = sha256;
        this.institutionNo = institutionNo;
    }

    @Override
    public void write(Chunk<? extends StagedLine> chunk) {
        jdbc.batchUpdate("""
                insert into enrolment_line (sha256, line_no, institution_no, pupil_id, cpr_hmac, cpr_masked, first_name, last_name,
                    class_name, start_date, end_date, guardian1_cpr_hmac, guardian1_cpr_masked, guardian1_name, guardian1_email,
                    guardian2_cpr_hmac, guardian2_cpr_masked, guardian2_name, guardian2_email, status, message)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                chunk.getItems(), chunk.size(), (ps, line) -> {
                    ps.setString(1, sha256);
                    ps.setInt(2, line.lineNo());
                    ps.setString(3, institutionNo);
                    ps.setString(4, line.pupilId());
                    ps.setString(5, line.cprHmac());
                    ps.setString(6, line.cprMasked());
                    ps.setString(7, line.firstName());
                    ps.setString(8, line.lastName());
                    ps.setString(9, line.className());
                    setDate(ps, 10, line.startDate());
                    setDate(ps, 11, line.endDate());
                    setGuardian(ps, 12, line.guardian1());
                    setGuardian(ps, 16, line.guardian2());
                    ps.setString(20, line.rejected() ? "REJECTED" : null);
                    ps.setString(21, line.rejection());
                });
    }

    private static void setDate(PreparedStatement ps, int index, java.time.LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setDate(index, Date.valueOf(date));
        }
    }

    private static void setGuardian(PreparedStatement ps, int index, StagedLine.Guardian guardian) throws SQLException {
        ps.setString(index, guardian == null ? null : guardian.cprHmac());
        ps.setString(index + 1, guardian == null ? null : guardian.cprMasked());
        ps.setString(index + 2, guardian == null ? null : guardian.name());
        ps.setString(index + 3, guardian == null ? null : guardian.email());
    }
}
