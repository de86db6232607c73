package dk.cardoffice.batch.cardorders;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.support.OutboxFiles;

/**
 * Step 2 of card-order-export: writes every claimed export to its file in outbox/card-orders/.
 *
 * <p>Each export moves CLAIMED → WRITING → WRITTEN, and the file system steps sit between the
 * database steps so that a crash anywhere is recovered by the next run without an order ever
 * reaching two files or none:
 * <ul>
 *   <li>CLAIMED: (re)write {@code NAME.tmp} from the database and force it to disk, then mark WRITING;</li>
 *   <li>WRITING: the tmp file is complete; rename it to NAME if it is still there (if not, the rename
 *       happened before the crash), then mark WRITTEN.</li>
 * </ul>
 * The export's file name is fixed when it is claimed, so a retry never makes a second file.
 */
public class CardOrderFileWriter implements Tasklet {

    static final String HEADER = "order_id;card_number;account_no;cardholder_name;reason;delivery_name;delivery_address;delivery_postcode;delivery_city";

    private final JdbcTemplate jdbc;
    private final CardOrderExportStates states;
    private final HomeFolders home;

    public CardOrderFileWriter(JdbcTemplate jdbc, CardOrderExportStates states, HomeFolders home) {
        this.jdbc = jdbc;
        this.states = states;
        this.home = home;
    }

    private record Export(long id, String fileName, int orderCount, String status) {
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        // one writer at a time: a second run waits here until the first has written and marked its exports,
        // then finds nothing left to write (it never rewrites or re-publishes a WRITTEN export)
        jdbc.queryForObject("select name from job_lock where name = 'card-order-export' for update", String.class);
        List<Export> exports = jdbc.query("""
                select id, file_name, order_count, status from card_order_export
                where status in ('CLAIMED', 'WRITING') order by id""",
                (rs, i) -> new Export(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
        for (Export export : exports) {
            Path target = home.outbox("card-orders").resolve(export.fileName());
            if (export.status().equals("CLAIMED")) {
                writeTmp(export, target);
                states.mark(export.id(), "WRITING");
            }
            OutboxFiles.publish(target);
            states.mark(export.id(), "WRITTEN");
            contribution.incrementWriteCount(export.orderCount());
        }
        return RepeatStatus.FINISHED;
    }

    private void writeTmp(Export export, Path target) {
        try (Writer out = new OutputStreamWriter(OutboxFiles.openTmp(target), StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, OutboxFiles.SEMICOLON_CSV)) {
            csv.printRecord((Object[]) HEADER.split(";"));
            jdbc.query("""
                    select o.id, c.card_number, a.account_no, o.cardholder_name, o.reason, o.delivery_name,
                           o.delivery_address, o.delivery_postcode, o.delivery_city
                    from card_order o join card c on c.id = o.card_id join account a on a.id = c.account_id
                    where o.export_id = ? order by o.id""", rs -> {
                try {
                    csv.printRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, export.id());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
    }
}
