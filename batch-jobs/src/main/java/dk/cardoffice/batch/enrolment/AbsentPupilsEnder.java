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

        List<EndingEnrolments.Ending> ending = endings.list(sha256, institutionNo, today);
        for (EndingEnrolments.Ending e : ending) {
            LocalDate endDate = e.endDateFromFile() != null ? e.endDateFromFile() : today;
            jdbc.update("""
                    update enrolment set active_flag = null, end_date = ?, ended_at = current_timestamp, ended_by_file = ?,
                           updated_at = current_timestamp
                    where id = ? and active_flag = true""", Date.valueOf(endDate), sha256, e.enrolmentId());
            int deactivated = jdbc.update("""
                    update member set status = 'INACTIVE', updated_at = current_timestamp
                    where id = ? and status = 'ACTIVE' and not exists (select 1 from enrolment where member_id = ? and active_flag = true)""",
                    e.memberId(), e.memberId());
            if (deactivated == 1) {
                jdbc.update("""
                        update card set status = 'BLOCKED', block_reason = ?, blocked_at = current_timestamp
                        where status = 'ACTIVE' and account_id = (select id from account where member_id = ?)""",
                        Cards.BLOCKED_NO_ENROLMENT, e.memberId());
                notifyGuardians(sha256, e.memberId(), institutionName);
            }
            contribution.incrementWriteCount(1);
        }
        return RepeatStatus.FINISHED;
    }

    private void notifyGuardians(String sha256, long memberId, String institutionName) {
        Left member = jdbc.queryForObject("""
                select m.id, m.first_name, m.last_name, a.account_no, a.balance from member m join account a on a.member_id = m.id
                where m.id = ?""", (rs, i) -> new Left(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)), memberId);
        jdbc.query("""
                select distinct g.id, g.name, g.email from member_guardian mg join guardian g on g.id = mg.guardian_id
                where mg.member_id = ? and g.email is not null order by g.id""", rs -> {
            String guardianName = rs.getString(2);
            mail.queue("enrolment-ended:" + sha256 + ":" + memberId + ":" + rs.getLong(1), rs.getString(3),
                    "Betalingskortet til " + member.firstName() + " er spærret – saldoen er bevaret",
                    body(guardianName, member, institutionName));
        }, memberId);
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
