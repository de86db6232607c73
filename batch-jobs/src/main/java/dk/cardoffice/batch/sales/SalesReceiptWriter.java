package dk.cardoffice.batch.sales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

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
        // the file's id first: its sales are then found through movement_sales_file_ix by that id (the plan of a join with
        // sales_file was measured slower); a file none of whose sales were posted has no id
        List<Long> fileIds = jdbc.queryForList("select id from sales_file where file_sha256 = ?", Long.class, sha256);
        long fileId = fileIds.isEmpty() ? -1 : fileIds.get(0);
        // a flagged sale comes once per flag, in the order the writer judges them; they are joined into one receipt line
        OutboxFiles.writeCsv(target, new String[] {"line", "sale_id", "status", "message"}, csv -> {
            String[][] held = {null};
            jdbc.query("""
                    select line_no, sale_id, status, message from (
                        select m.line_no, substring(m.business_key from position(':' in m.business_key) + 1) as sale_id,
                               case when f.flag is null then 'POSTED' else 'FLAGGED' end as status, coalesce(f.flag, '') as message,
                               case f.flag when 'UNKNOWN_CARD' then 1 when 'BLOCKED_CARD' then 2 when 'OVER_DAILY_LIMIT' then 3
                                           when 'OVERDRAWN' then 4 else 0 end as flag_order
                        from movement m left join sale_flag f on f.transaction_id = m.id
                        where m.sales_file_id = ? and m.key_space = 'SALE'
                        union all
                        select line_no, sale_id, status, message, 0 from sale_reject where file_sha256 = ?) receipt
                    order by line_no, flag_order""", rs -> {
                String[] row = {Integer.toString(rs.getInt(1)), rs.getString(2), rs.getString(3), rs.getString(4)};
                if (held[0] != null && held[0][0].equals(row[0]) && row[2].equals("FLAGGED") && held[0][2].equals("FLAGGED")) {
                    held[0][3] += "," + row[3];
                    return;
                }
                if (held[0] != null) {
                    print(csv, held[0], contribution);
                }
                held[0] = row;
            }, fileId, sha256);
            if (held[0] != null) {
                print(csv, held[0], contribution);
            }
        });
        return RepeatStatus.FINISHED;
    }

    private static void print(org.apache.commons.csv.CSVPrinter csv, String[] row, StepContribution contribution) {
        String message = row[3];
        if (message.contains("UNKNOWN_CARD")) {
            message += " (posted to the suspense account until an operator moves it to the right card)";
        }
        try {
            csv.printRecord(Integer.parseInt(row[0]), row[1], row[2], message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        contribution.incrementWriteCount(1);
    }
}
