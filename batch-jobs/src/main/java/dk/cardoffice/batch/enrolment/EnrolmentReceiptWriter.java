package dk.cardoffice.batch.enrolment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.commons.csv.CSVPrinter;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.support.OutboxFiles;

/**
 * The receipt for school admin (contract §2): outbox/enrolment-receipts/<file>.receipt.csv, one row
 * per data line in line order, then one ENDED row per enrolment the file ended. Written from the
 * database, so a restart writes the same receipt again; tmp + rename, so it is never seen half-written.
 */
public class EnrolmentReceiptWriter implements Tasklet {

    static final String[] HEADER = {"line", "pupil_id", "status", "account_no", "card_number", "message"};

    private final JdbcTemplate jdbc;
    private final HomeFolders home;

    public EnrolmentReceiptWriter(JdbcTemplate jdbc, HomeFolders home) {
        this.jdbc = jdbc;
        this.home = home;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
        String sha256 = parameters.getString("sha256");
        Path target = home.outbox("enrolment-receipts").resolve(OutboxFiles.receiptName(Path.of(parameters.getString("file")).getFileName().toString()));
        OutboxFiles.writeCsv(target, HEADER, csv -> {
            jdbc.query("""
                    select l.line_no, l.pupil_id, coalesce(l.status, o.status), o.account_no, o.card_number, coalesce(l.message, o.message)
                    from enrolment_line l left join enrolment_outcome o on o.sha256 = l.sha256 and o.line_no = l.line_no
                    where l.sha256 = ? order by l.line_no""",
                    rs -> {
                        print(csv, rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                    }, sha256);
            jdbc.query("""
                    select e.pupil_id, a.account_no, c.card_number, m.status, e.end_date,
                           (select count(*) from enrolment_line l where l.sha256 = e.ended_by_file and l.cpr_hmac = m.cpr_hmac) as named
                    from enrolment e join member m on m.id = e.member_id join account a on a.member_id = m.id
                    left join card c on c.account_id = a.id and c.status <> 'REPLACED'
                    where e.ended_by_file = ? order by e.id""", rs -> {
                String reason = rs.getInt("named") > 0 ? "end_date " + rs.getDate("end_date").toLocalDate() + " has passed"
                        : "not in this snapshot";
                String state = "INACTIVE".equals(rs.getString("status"))
                        ? "; no enrolment left: card blocked, balance kept and redeemable, guardians told by e-mail"
                        : "; still enrolled elsewhere: card stays active";
                print(csv, null, rs.getString("pupil_id"), "ENDED", rs.getString("account_no"), rs.getString("card_number"),
                        "enrolment ended: " + reason + state);
                contribution.incrementWriteCount(1);
            }, sha256);
        });
        return RepeatStatus.FINISHED;
    }

    private static void print(CSVPrinter csv, Object... values) {
        try {
            csv.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
