package dk.cardoffice.batch.cardorders;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Step 1 of card-order-export: claims every order not yet sent for one new export (one file).
 * The claim is a single UPDATE in the step's transaction, so an order is claimed by exactly one
 * export even when two exports run at once, and a crash before commit claims nothing.
 */
public class CardOrderClaimer implements Tasklet {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CardOrderClaimer(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        // overlapping runs (after an import, on schedule, by hand) take turns: no two claims pick the same file name
        jdbc.queryForObject("select name from job_lock where name = 'card-order-export' for update", String.class);
        Integer pending = jdbc.queryForObject("select count(*) from card_order where export_id is null", Integer.class);
        if (pending == null || pending == 0) {
            return RepeatStatus.FINISHED;
        }
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        String fileName = freeFileName();
        jdbc.update("insert into card_order_export (file_name, job_execution_id, order_count, status) values (?, ?, 0, 'CLAIMED')",
                fileName, jobExecutionId);
        long exportId = jdbc.queryForObject("select id from card_order_export where file_name = ?", Long.class, fileName);
        int claimed = jdbc.update("update card_order set export_id = ? where export_id is null", exportId);
        jdbc.update("update card_order_export set order_count = ? where id = ?", claimed, exportId);
        contribution.incrementFilterCount(claimed);
        return RepeatStatus.FINISHED;
    }

    /** card_orders_<yyyyMMddHHmmss>.csv, one second later if that name was taken by an earlier export. */
    private String freeFileName() {
        LocalDateTime stamp = LocalDateTime.now(clock);
        while (true) {
            String name = "card_orders_" + STAMP.format(stamp) + ".csv";
            Integer taken = jdbc.queryForObject("select count(*) from card_order_export where file_name = ?", Integer.class, name);
            if (taken == null || taken == 0) {
                return name;
            }
            stamp = stamp.plusSeconds(1);
        }
    }
}
