package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.support.OutboxFiles;

/**
 * The receipt for the terminal's operator (contract §4): outbox/sales-receipts/<file>.receipt.csv,
 * header {@code line;sale_id;status;message}, one row per sale at its first line, in line order:
 * POSTED, FLAGGED (with the flags), DUPLICATE or REJECTED (with the reasons). Written from the
 * database, so a restart writes the same receipt; tmp + rename, never seen half-written.
 */
public class SalesReceiptWriter implements Tasklet {

    private final JdbcTemplate jdbc;
    private final HomeFolders home;

    public SalesReceiptWriter(JdbcTemplate jdbc, HomeFolders home) {
        this.jdbc = jdbc;
        this.home = home;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
        String sha256 = parameters.getString("sha256");
        Path target = home.outbox("sales-receipts").resolve(OutboxFiles.receiptName(Path.of(parameters.getString("file")).getFileName().toString()));
        OutboxFiles.writeCsv(target, new String[] {"line", "sale_id", "status", "message"}, csv -> jdbc.query("""
                select line_no, sale_id, status, message from (
                    select line_no, sale_id, case when flags is null then 'POSTED' else 'FLAGGED' end as status,
                           case when flags is null then '' else flags end as message
                    from sale where file_sha256 = ?
                    union all
                    select line_no, sale_id, status, message from sale_reject where file_sha256 = ?) receipt
                order by line_no""", rs -> {
            String message = rs.getString(4);
            if (message.contains("UNKNOWN_CARD")) {
                message += " (posted to the suspense account until an operator moves it to the right card)";
            }
            try {
                csv.printRecord(rs.getInt(1), rs.getString(2), rs.getString(3), message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            contribution.incrementWriteCount(1);
        }, sha256, sha256));
        return RepeatStatus.FINISHED;
    }
}
