package dk.cardoffice.batch.settlement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Marks UNSETTLED every deposit recorded more than N days ago (cardoffice.settlement.unsettled-after-days)
 * that no settlement has settled yet: money a parent paid that has not arrived. Each deposit is marked once
 * (a deposit_unsettled row); a settlement that comes later still settles it (deposit_settlement_status). Runs at the end of every
 * settlement-reconciliation and, without a file, on the daily schedule.
 */
public class UnsettledDeposits implements Tasklet {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration after;

    public UnsettledDeposits(JdbcTemplate jdbc, Clock clock, int afterDays) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.after = Duration.ofDays(afterDays);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Instant now = clock.instant();
        // after the chunks of every running reconciliation (both acquirers' locks, in name order)
        jdbc.queryForList("select name from job_lock where name like 'settlement-reconciliation:%' order by name for update", String.class);
        int marked = jdbc.update("""
                insert into deposit_unsettled (deposit_id, marked_at)
                select d.id, ? from deposit d
                where d.created_at < ? and not exists (select 1 from deposit_unsettled u where u.deposit_id = d.id)
                  and not exists (select 1 from settlement_line l where l.order_id = d.order_id and l.deposit_id = d.id and l.type = 'CAPTURE'
                                  and l.outcome in ('MATCHED', 'AMOUNT_MISMATCH'))""",
                Timestamp.from(now), Timestamp.from(now.minus(after)));
        contribution.incrementWriteCount(marked);
        return RepeatStatus.FINISHED;
    }
}
