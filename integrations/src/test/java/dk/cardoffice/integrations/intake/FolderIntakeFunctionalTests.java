package dk.cardoffice.integrations.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import dk.cardoffice.batch.CoreBeans;
import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;

/**
 * The folder intake as the school system uses it: files dropped into inbox/enrolment/ with the real
 * Camel route polling, and what lands in archive/, error/ and outbox/.
 */
@SpringBootTest(classes = dk.cardoffice.integrations.IntegrationsTestApplication.class)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class FolderIntakeFunctionalTests {

    private static final AtomicInteger INSTITUTIONS = new AtomicInteger(510_000);

    @Autowired
    HomeFolders home;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDroppedSnapshotIsProcessedArchivedAndAnsweredWithAReceipt() throws Exception {
        String institution = Integer.toString(INSTITUTIONS.incrementAndGet());
        String name = "enrolment_" + institution + "_20261114061500.csv";

        dropAtomically(name, roster(institution, 4));

        Path archived = home.archive("enrolment", LocalDate.now(CoreBeans.COPENHAGEN)).resolve(name);
        Path receipt = home.outbox("enrolment-receipts").resolve("enrolment_" + institution + "_20261114061500.receipt.csv");
        await(() -> Files.exists(receipt));
        assertThat(archived).exists();
        assertThat(home.inbox("enrolment").resolve(name)).doesNotExist();
        assertThat(Files.readAllLines(receipt, StandardCharsets.UTF_8)).hasSize(5);
        await(() -> "PROCESSED".equals(status(name)));
    }

    @Test
    void anEmptyFileIsTakenInAndRejectedWithItsReasonAndASecondEmptyFileToo() throws Exception {
        for (String name : new String[] {"settlement_NETS_20261101.csv", "settlement_NETS_20261102.csv"}) {
            Files.createFile(home.inbox("settlement").resolve(name));

            Path reason = home.error("settlement").resolve(name + ".error.txt");
            await(() -> Files.exists(reason));
            assertThat(Files.readString(reason)).contains("is empty (0 bytes)");
            assertThat(home.error("settlement").resolve(name)).exists();
            assertThat(home.inbox("settlement").resolve(name)).doesNotExist();
            // the reason and the file reach error/ first, the registry's REJECTED right after (CI once read it in between)
            await(() -> "REJECTED".equals(status(name)));
        }
    }

    @Test
    void aByteIdenticalCopyIsADuplicateAndGoesToErrorWithTheOriginalNamed() throws Exception {
        String institution = Integer.toString(INSTITUTIONS.incrementAndGet());
        String content = roster(institution, 3);
        String first = "enrolment_" + institution + "_20261114061500.csv";
        String copy = "enrolment_" + institution + "_20261115061500.csv";
        dropAtomically(first, content);
        await(() -> "PROCESSED".equals(status(first)));

        dropAtomically(copy, content);

        Path error = home.error("enrolment").resolve(copy);
        await(() -> Files.exists(error.resolveSibling(copy + ".error.txt")));
        assertThat(Files.readString(error.resolveSibling(copy + ".error.txt"))).startsWith("duplicate of " + first + " processed 20");
        assertThat(error).exists();
        assertThat(status(copy)).isEqualTo("DUPLICATE");
        assertThat(jdbc.queryForObject("select count(*) from enrolment_line l where l.institution_no = ?", Long.class, institution)).isEqualTo(3);
    }

    @Test
    void aSalesFileDroppedIntoItsInboxIsPostedArchivedAndItsCopyIsADuplicate() throws Exception {
        String institution = Integer.toString(INSTITUTIONS.incrementAndGet());
        jdbc.update("insert into institution (institution_no, name, type) values (?, 'Kantine', 'SCHOOL')", institution);
        String content = "terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n"
                + "K-" + institution + ";" + institution + ";1;2026-11-20T11:42:07;ZZ12AB34;SALE;1001;Ostehøps;1;3.00\n#TRAILER;1;3.00\n";
        String first = "sales_K-" + institution + "_20261120143000.csv";
        String copy = "sales_K-" + institution + "_20261120143100.csv";
        dropAtomically("sales", first, content);
        await(() -> "PROCESSED".equals(status(first)));
        assertThat(home.outbox("sales-receipts").resolve("sales_K-" + institution + "_20261120143000.receipt.csv")).exists();
        assertThat(jdbc.queryForObject("select count(*) from sale where terminal_id = ?", Long.class, "K-" + institution)).isEqualTo(1);

        dropAtomically("sales", copy, content);

        Path reason = home.error("sales").resolve(copy + ".error.txt");
        await(() -> Files.exists(reason));
        assertThat(Files.readString(reason)).startsWith("duplicate of " + first);
        assertThat(jdbc.queryForObject("select count(*) from sale where terminal_id = ?", Long.class, "K-" + institution)).isEqualTo(1);
    }

    @Test
    void aFileThatIsNoSnapshotGoesToErrorWithTheReason() throws Exception {
        dropAtomically("elevliste.csv", "navn;klasse\r\nSøren;5.B\r\n");

        Path reason = home.error("enrolment").resolve("elevliste.csv.error.txt");
        await(() -> Files.exists(reason));
        assertThat(Files.readString(reason, StandardCharsets.UTF_8)).contains("wrong file name 'elevliste.csv'");
        assertThat(home.error("enrolment").resolve("elevliste.csv")).exists();
    }

    @Test
    void aFileStillBeingWrittenIsLeftAlone() throws Exception {
        String institution = Integer.toString(INSTITUTIONS.incrementAndGet());
        Path tmp = home.inbox("enrolment").resolve("enrolment_" + institution + "_20261114061500.csv.tmp");
        Files.writeString(tmp, roster(institution, 2), StandardCharsets.UTF_8);

        Thread.sleep(1500);

        assertThat(tmp).exists();
        Files.delete(tmp);
    }

    private void dropAtomically(String name, String content) throws IOException {
        dropAtomically("enrolment", name, content);
    }

    private void dropAtomically(String feed, String name, String content) throws IOException {
        Path tmp = home.inbox(feed).resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, home.inbox(feed).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private String status(String fileName) {
        return jdbc.query("select status from file_registry where file_name = ? order by id desc", rs -> rs.next() ? rs.getString(1) : null,
                fileName);
    }

    private static String roster(String institution, int pupils) {
        StringBuilder csv = new StringBuilder("institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;start_date\r\n");
        int base = Integer.parseInt(institution) % 1000;
        for (int i = 0; i < pupils; i++) {
            csv.append(institution).append(";Hedeboskolen;SCHOOL;H-").append(i).append(';')
                    .append(String.format("%02d0614-%04d", 1 + i, 4000 + base)).append(";Åse;Ørsted;2025-08-01\r\n");
        }
        return csv.toString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 30 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
