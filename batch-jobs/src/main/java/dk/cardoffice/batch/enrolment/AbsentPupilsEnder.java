package dk.cardoffice.batch.enrolment;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.card.Cards;

/**
 * Ends the enrolments the snapshot ends (absent pupils, end_date passed). A member left with no
 * active enrolment becomes INACTIVE and the card is blocked; the account stays open with its
 * balance, redeemable at any time, and each guardian with an e-mail address is told so (queued in
 * this same transaction, sent once). One transaction: a crash ends nothing, the restart ends all.
 */
public class AbsentPupilsEnder implements Tasklet {

    private record Left(long memberId, String firstName, String lastName, String accountNo, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final EndingEnrolments endings;
    private final MailOutbox mail;
    private final Clock clock;

    public AbsentPupilsEnder(JdbcTemplate jdbc, EndingEnrolments endings, MailOutbox mail, Clock clock) {
        this.jdbc = jdbc;
        this.endings = endings;
        this.mail = mail;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        String sha256 = stepExecution.getJobParameters().getString("sha256");
        String institutionNo = stepExecution.getJobExecution().getExecutionContext().getString(EnrolmentFileCheck.INSTITUTION_NO);
        String institutionName = stepExecution.getJobExecution().getExecutionContext().getString(EnrolmentFileCheck.INSTITUTION_NAME);
        LocalDate today = LocalDate.now(clock);

        // see EnrolmentApplier: "left every place" is decided only after a parallel import's chunk has committed
        jdbc.queryForObject("select name from job_lock where name = 'enrolment-import' for update", String.class);
        List<EndingEnrolments.Ending> ending = endings.list(sha256, institutionNo, today);
        if (ending.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        // set-based: a few statements whatever the number of leavers
        jdbc.batchUpdate("""
                update enrolment set active_flag = null, end_date = ?, ended_at = current_timestamp, ended_by_file = ?,
                       updated_at = current_timestamp
                where id = ? and active_flag = true""",
                ending.stream().map(e -> new Object[] {Date.valueOf(e.endDateFromFile() != null ? e.endDateFromFile() : today), sha256,
                        e.enrolmentId()}).toList());
        List<Long> leftEverything = jdbc.queryForList("""
                select m.id from member m where m.id = any(?) and m.status = 'ACTIVE'
                  and not exists (select 1 from enrolment e where e.member_id = m.id and e.active_flag = true)""",
                Long.class, SqlArrays.bigints(ending.stream().map(EndingEnrolments.Ending::memberId).distinct().toList()));
        if (!leftEverything.isEmpty()) {
            jdbc.update("update member set status = 'INACTIVE', updated_at = current_timestamp where id = any(?)", SqlArrays.bigints(leftEverything));
            jdbc.update("""
                    update card set status = 'BLOCKED', block_reason = ?, blocked_at = current_timestamp
                    where status = 'ACTIVE' and account_id in (select id from account where member_id = any(?))""",
                    Cards.BLOCKED_NO_ENROLMENT, SqlArrays.bigints(leftEverything));
            notifyGuardians(sha256, leftEverything, institutionName);
        }
        contribution.incrementWriteCount(ending.size());
        return RepeatStatus.FINISHED;
    }

    private void notifyGuardians(String sha256, List<Long> memberIds, String institutionName) {
        jdbc.query("""
                select distinct m.id, m.first_name, m.last_name, a.account_no, a.balance, g.id as guardian_id, g.name, g.email
                from member m join account a on a.member_id = m.id
                join member_guardian mg on mg.member_id = m.id join guardian g on g.id = mg.guardian_id
                where m.id = any(?) and g.email is not null order by m.id, g.id""", rs -> {
            Left member = new Left(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
            mail.queue("enrolment-ended:" + sha256 + ":" + member.memberId() + ":" + rs.getLong("guardian_id"), rs.getString("email"),
                    "Betalingskortet til " + member.firstName() + " er spærret – saldoen er bevaret",
                    body(rs.getString("name"), member, institutionName));
        }, SqlArrays.bigints(memberIds));
    }

    static String body(String guardianName, Left member, String institutionName) {
        return """
                Kære %s

                %s %s er ikke længere indskrevet på %s og har ikke andre indskrivninger i kommunens skoler og klubber.
                Betalingskortet er derfor spærret, så det ikke kan bruges, hvis det bliver væk.

                Saldoen på konto %s er %s kr., og pengene er stadig jeres. Du kan til enhver tid hæve hele beløbet
                eller en del af det i forældreportalen under Udbetal → Bankoverførsel.

                Starter %s igen i en skole eller klub i kommunen, åbnes kortet automatisk.

                Med venlig hilsen
                Betalingskortet
                """.formatted(guardianName == null ? "forælder" : guardianName, member.firstName(), member.lastName(), institutionName,
                member.accountNo(), Money.formatDkk(member.balanceOre()).replace('.', ','), member.firstName());
    }
}
