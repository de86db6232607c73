package dk.cardoffice.batch.enrolment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.JobTestSupport;

/** Running enrolment-import on files and reading what it left: receipts, rows, files. */
abstract class EnrolmentTestSupport extends JobTestSupport {

    private static final AtomicInteger INSTITUTIONS = new AtomicInteger(300_000);
    private static final AtomicInteger PEOPLE = new AtomicInteger(1);

    /** Files a test hands its job lie in the feed's archive/, as the intake leaves them (a job takes no file from elsewhere). */
    protected Path drop;

    @org.junit.jupiter.api.BeforeEach
    void dropFolderInTheArchive() throws java.io.IOException {
        drop = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(home.home().resolve("archive").resolve("enrolment")), "test-");
    }

    /** A fresh institution number, so tests sharing a database do not see each other's rosters. */
    static String newInstitution() {
        return Integer.toString(INSTITUTIONS.incrementAndGet());
    }

    /** {@code count} pupils nobody else uses. */
    static List<EnrolmentFiles.Pupil> newPupils(int count) {
        return EnrolmentFiles.pupils(PEOPLE.getAndAdd(count), count);
    }

    JobExecution importFile(Path file) {
        return run(EnrolmentImportJobConfig.JOB_NAME, Map.of("file", file.toString()));
    }

    List<CSVRecord> receipt(Path file) {
        Path receipt = home.outbox("enrolment-receipts").resolve(dk.cardoffice.batch.support.OutboxFiles.receiptName(file.getFileName().toString()));
        try (Reader in = Files.newBufferedReader(receipt, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return csv.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CSVRecord row(List<CSVRecord> receipt, String pupilId) {
        return receipt.stream().filter(r -> r.get("pupil_id").equals(pupilId)).findFirst()
                .orElseThrow(() -> new AssertionError("no receipt row for " + pupilId));
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
