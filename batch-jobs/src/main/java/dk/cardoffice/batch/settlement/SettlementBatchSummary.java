package dk.cardoffice.batch.settlement;

import java.nio.file.Path;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * After the lines: one settlement_batch row per payout reference of the file — what the acquirer says it
 * paid (gross, fees, net: expected at the bank), what the ledger booked to the bank for it, and how many
 * lines had each outcome. Computed from the stored lines, so a restart writes the same rows (once).
 */
public class SettlementBatchSummary implements Tasklet {

    private final JdbcTemplate jdbc;

    public SettlementBatchSummary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
        String sha256 = parameters.getString("sha256");
        String fileName = Path.of(parameters.getString("file")).getFileName().toString();
        int batches = jdbc.update("""
                insert into settlement_batch (file_sha256, payout_reference, file_name, acquirer, settlement_date, line_count, gross_ore, fee_ore,
                                              net_ore, posted_net_ore, matched, amount_mismatch, unknown_order, duplicate)
                select file_sha256, payout_reference, ?, min(acquirer), min(settlement_date), count(*), sum(signed), sum(fee_ore), sum(signed - fee_ore),
                       sum(case when ledger_transaction_id is null then 0 else signed - fee_ore end),
                       sum(case when outcome = 'MATCHED' then 1 else 0 end), sum(case when outcome = 'AMOUNT_MISMATCH' then 1 else 0 end),
                       sum(case when outcome = 'UNKNOWN_ORDER' then 1 else 0 end), sum(case when outcome = 'DUPLICATE' then 1 else 0 end)
                from (select l.*, case when type = 'CAPTURE' then amount_ore else -amount_ore end as signed
                      from settlement_line l where file_sha256 = ?) lines
                where not exists (select 1 from settlement_batch b where b.file_sha256 = lines.file_sha256 and b.payout_reference = lines.payout_reference)
                group by file_sha256, payout_reference""", fileName, sha256);
        contribution.incrementWriteCount(batches);
        return RepeatStatus.FINISHED;
    }
}
