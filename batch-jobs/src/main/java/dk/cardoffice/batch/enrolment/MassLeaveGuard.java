package dk.cardoffice.batch.enrolment;

import java.time.Clock;
import java.time.LocalDate;
import java.nio.file.Path;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.intake.InboundFileListener;

/**
 * The mass-leave guard (contract §2): a snapshot that would end more than the configured share
 * (20 %) and more than the configured number (10) of the institution's active enrolments is held:
 * nothing is applied, the job ends with exit code HELD and an enrolment_hold row waits for an
 * operator to approve (then it is applied) or discard it. A file an operator approved passes.
 */
public class MassLeaveGuard implements Tasklet {

    private final JdbcTemplate jdbc;
    private final EndingEnrolments endings;
    private final CardofficeProperties.MassLeave limits;
    private final Clock clock;

    public MassLeaveGuard(JdbcTemplate jdbc, EndingEnrolments endings, CardofficeProperties.MassLeave limits, Clock clock) {
        this.jdbc = jdbc;
        this.endings = endings;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        String sha256 = stepExecution.getJobParameters().getString("sha256");
        Path file = Path.of(stepExecution.getJobParameters().getString("file"));
        ExecutionContext job = stepExecution.getJobExecution().getExecutionContext();
        String institutionNo = job.getString(EnrolmentFileCheck.INSTITUTION_NO);

        Integer approved = jdbc.queryForObject("select count(*) from enrolment_hold where sha256 = ? and status = 'APPROVED'",
                Integer.class, sha256);
        if (approved != null && approved > 0) {
            return RepeatStatus.FINISHED;
        }
        int active = endings.activeCount(institutionNo);
        int ending = endings.count(sha256, institutionNo, LocalDate.now(clock));
        if (ending > limits.minCount() && ending > active * limits.maxShare()) {
            jdbc.update("""
                    insert into enrolment_hold (sha256, file_name, file_path, institution_no, active_count, ending_count, status, job_execution_id)
                    values (?, ?, ?, ?, ?, ?, 'HELD', ?) on conflict do nothing""",
                    sha256, file.getFileName().toString(), file.toString(), institutionNo, active, ending, stepExecution.getJobExecutionId());
            ExitStatus held = new ExitStatus(InboundFileListener.HELD, "mass-leave guard: the snapshot would end " + ending + " of "
                    + active + " active enrolments at institution " + institutionNo + "; nothing was applied; an operator must approve or discard it");
            contribution.setExitStatus(held);
            stepExecution.getJobExecution().setExitStatus(held);
        }
        return RepeatStatus.FINISHED;
    }
}
