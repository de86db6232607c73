package dk.cardoffice.batch.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.DomainReset;

/**
 * Known-bad files (src/test/resources/enrolment/bad/<case>/, each with the reason it must produce
 * in expected.txt) are rejected as a whole and moved to error/ with that reason; known-good files
 * (good/<case>/, with the line outcomes they must produce) and the sample files are read correctly.
 */
public abstract class EnrolmentFileCorpusTests extends EnrolmentTestSupport {

    private static final Path CORPUS = Path.of("src/test/resources/enrolment");

    @BeforeEach
    void emptyDatabase() {
        DomainReset.reset(jdbc);
    }

    @Test
    void everyKnownBadFileIsRejectedWithItsReasonAndNothingApplied() throws IOException {
        for (Path caseDir : cases("bad")) {
            emptyErrorFolder();
            Path file = copyCase(caseDir);
            String expected = Files.readString(caseDir.resolve("expected.txt")).trim();

            JobExecution run = importFile(file);

            assertThat(run.getExitStatus().getExitCode()).as(caseDir.getFileName().toString()).isEqualTo("REJECTED");
            assertThat(run.getExitStatus().getExitDescription()).as(caseDir.getFileName().toString()).contains(expected);
            Path moved = home.error("enrolment").resolve(file.getFileName());
            assertThat(moved).as(caseDir.getFileName().toString()).exists();
            assertThat(Files.readString(moved.resolveSibling(file.getFileName() + ".error.txt"), StandardCharsets.UTF_8)).contains(expected);
            assertThat(file).doesNotExist();
        }
        assertThat(count("select count(*) from member")).isZero();
        assertThat(count("select count(*) from enrolment_line")).isZero();
    }

    @Test
    void everyKnownGoodFileIsReadWithTheExpectedOutcomes() throws IOException {
        for (Path caseDir : cases("good")) {
            DomainReset.reset(jdbc);
            Path file = copyCase(caseDir);
            String expected = Files.readString(caseDir.resolve("expected.txt")).trim();

            JobExecution run = importFile(file);

            assertThat(run.getExitStatus().getExitCode()).as(caseDir.getFileName().toString()).isEqualTo("COMPLETED");
            assertThat(outcomes(receipt(file))).as(caseDir.getFileName().toString()).isEqualTo(expected);
        }
    }

    @Test
    void danishLettersSurviveUtf8AndWindows1252() throws IOException {
        Path file = copyCase(CORPUS.resolve("good/windows-1252"));
        importFile(file);
        assertThat(jdbc.queryForList("select first_name || ' ' || last_name from member order by id", String.class))
                .containsExactly("Søren Ærø", "Åse Østergård");
        assertThat(jdbc.queryForObject("select name from guardian", String.class)).isEqualTo("Thomas Kjær");
    }

    @Test
    void quotedFieldsKeepTheirSeparatorsAndQuotes() throws IOException {
        importFile(copyCase(CORPUS.resolve("good/quoted-fields")));
        assertThat(jdbc.queryForObject("select first_name || '|' || last_name from member", String.class)).isEqualTo("Søren \"Sø\"|Ærø; Holm");
    }

    @Test
    void theSampleFilesOfTheDemoImportAsDocumented() throws IOException {
        Path samples = Path.of("../sample-files/enrolment");
        List<String> expected = List.of(
                "enrolment_265011_20261114061500.csv CREATED=12,REJECTED=6",
                "enrolment_265902_20261114070000.csv CREATED=3,REJECTED=1,UPDATED=3",
                "enrolment_265011_20261121061500.csv CREATED=2,ENDED=2,REJECTED=1,UNCHANGED=9,UPDATED=1");
        for (String line : expected) {
            String name = line.substring(0, line.indexOf(' '));
            Path file = Files.copy(samples.resolve(name), drop.resolve(name));
            importFile(file);
            assertThat(name + " " + outcomes(receipt(file))).isEqualTo(line);
        }
    }

    private void emptyErrorFolder() throws IOException {
        try (Stream<Path> files = Files.list(home.error("enrolment"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private Path copyCase(Path caseDir) throws IOException {
        try (Stream<Path> files = Files.list(caseDir)) {
            Path source = files.filter(f -> !f.getFileName().toString().equals("expected.txt")).findFirst().orElseThrow();
            Path target = drop.resolve(caseDir.getFileName().toString()).resolve(source.getFileName());
            Files.createDirectories(target.getParent());
            return Files.copy(source, target);
        }
    }

    private static List<Path> cases(String kind) throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS.resolve(kind))) {
            return dirs.sorted().toList();
        }
    }

    private static String outcomes(List<CSVRecord> receipt) {
        Map<String, Long> counts = receipt.stream().collect(Collectors.groupingBy(r -> r.get("status"), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
