package dk.cardoffice.batch.cardorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import dk.cardoffice.batch.JobTestSupport;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.card.Cards;

/** card-order-export: every pending order in exactly one file, whatever crashes. */
public abstract class CardOrderExportFunctionalTests extends JobTestSupport {

    @Autowired
    Accounts accounts;
    @Autowired
    Cards cards;

    private int people;

    @BeforeEach
    void emptyOutbox() throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        jdbc.update("delete from card_order");
        jdbc.update("delete from card_order_export");
    }

    @Test
    void writesEveryPendingOrderOnceThenHasNothingToDo() throws IOException {
        long first = newFirstCardOrder("Søren", "Ærø");
        long second = newFirstCardOrder("Åse", "Øster");

        JobExecution export = run(CardOrderExportJobConfig.JOB_NAME, Map.of());

        assertThat(export.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(export.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        List<Path> files = orderFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches("card_orders_\\d{14}\\.csv");
        List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(CardOrderFileWriter.HEADER);
        List<CSVRecord> rows = rows(files.get(0));
        assertThat(rows).extracting(r -> Long.parseLong(r.get("order_id"))).containsExactly(first, second);
        CSVRecord row = rows.get(0);
        assertThat(row.get("cardholder_name")).isEqualTo("Søren Ærø");
        assertThat(row.get("reason")).isEqualTo("FIRST");
        assertThat(row.get("delivery_name")).isEqualTo("Roskilde Lilleskole");
        assertThat(row.get("account_no")).matches("\\d{8}");
        assertThat(row.get("card_number")).matches("[0-9A-Z]{8}");

        JobExecution again = run(CardOrderExportJobConfig.JOB_NAME, Map.of());
        assertThat(again.getExitStatus().getExitCode()).isEqualTo("NOOP");
        assertThat(orderFiles()).hasSize(1);
    }

    @Test
    void crashAfterWritingBeforeRenameIsFinishedByTheNextRunWithoutASecondCopy() throws IOException {
        newFirstCardOrder("Ida", "Holm");
        newFirstCardOrder("Emil", "Berg");
        crashPoints.arm("card-order-export.tmp-written", 0);

        JobExecution crashed = run(CardOrderExportJobConfig.JOB_NAME, Map.of());
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(orderFiles()).isEmpty();

        long later = newFirstCardOrder("Freja", "Lund");
        JobExecution recovered = run(CardOrderExportJobConfig.JOB_NAME, Map.of());

        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(orderFiles()).hasSize(2);
        assertEveryOrderInExactlyOneFile();
        assertThat(ordersIn(orderFiles().get(1))).containsExactly(later);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void crashAfterRenameBeforeTheDatabaseKnowsWritesNoSecondFile() throws IOException {
        newFirstCardOrder("Ida", "Holm");
        crashPoints.arm("card-order-export.published", 0);

        JobExecution crashed = run(CardOrderExportJobConfig.JOB_NAME, Map.of());
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        List<Path> published = orderFiles();
        assertThat(published).hasSize(1);
        // the card vendor fetches the file before cardoffice runs again
        Files.delete(published.get(0));

        JobExecution recovered = run(CardOrderExportJobConfig.JOB_NAME, Map.of());

        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(orderFiles()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from card_order_export where status <> 'WRITTEN'", Integer.class)).isZero();
        assertThat(run(CardOrderExportJobConfig.JOB_NAME, Map.of()).getExitStatus().getExitCode()).isEqualTo("NOOP");
    }

    @Test
    void overlappingRunsPutEveryOrderInExactlyOneFile() throws Exception {
        for (int i = 0; i < 20; i++) {
            newFirstCardOrder("Ida" + i, "Holm");
        }
        long first = jobs.start(CardOrderExportJobConfig.JOB_NAME, Map.of());
        long second = jobs.start(CardOrderExportJobConfig.JOB_NAME, Map.of());
        JobExecution a = jobs.awaitEnd(first, java.time.Duration.ofMinutes(1));
        JobExecution b = jobs.awaitEnd(second, java.time.Duration.ofMinutes(1));

        assertThat(a.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(b.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(orderFiles()).hasSize(1);
        assertEveryOrderInExactlyOneFile();
        assertThat(List.of(a.getExitStatus().getExitCode(), b.getExitStatus().getExitCode())).containsExactlyInAnyOrder("COMPLETED", "NOOP");
    }

    private long newFirstCardOrder(String firstName, String lastName) {
        people++;
        String hmac = String.format("%064x", System.nanoTime() + people);
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', ?, ?, 'ACTIVE')",
                hmac, firstName, lastName);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        Accounts.MemberAccount account = accounts.openMemberAccount(memberId, firstName + " " + lastName);
        Cards.IssuedCard card = cards.issueAndOrder(account.id(), firstName + " " + lastName, Cards.OrderReason.FIRST, 0,
                new Cards.Delivery("Roskilde Lilleskole", null, null, null));
        return jdbc.queryForObject("select id from card_order where card_id = ?", Long.class, card.cardId());
    }

    private void assertEveryOrderInExactlyOneFile() throws IOException {
        List<Long> exported = new ArrayList<>();
        for (Path file : orderFiles()) {
            exported.addAll(ordersIn(file));
        }
        assertThat(exported).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(jdbc.queryForList("select id from card_order", Long.class));
    }

    private List<Long> ordersIn(Path file) throws IOException {
        return rows(file).stream().map(r -> Long.parseLong(r.get("order_id"))).toList();
    }

    private static List<CSVRecord> rows(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return parser.getRecords();
        }
    }

    private Path outbox() {
        return home.outbox("card-orders");
    }

    private List<Path> orderFiles() throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
    }

    private List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(f -> f.toString().endsWith(".tmp")).toList();
        }
    }
}
