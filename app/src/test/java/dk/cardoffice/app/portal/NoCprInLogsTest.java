package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;

/** CPR numbers never reach a log line, whatever goes wrong (brief: "never in logs"), nor an answer unmasked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cardoffice.portal.api-keys=log-test-key", "logging.level.dk.cardoffice=DEBUG", "logging.level.root=INFO"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(properties = "cardoffice.test.database=H2")
@ExtendWith(OutputCaptureExtension.class)
class NoCprInLogsTest {

    private static final String CHILD = "2503124121";
    private static final String GUARDIAN = "1302781234";
    private static final String BAD = "3102124567";

    @LocalServerPort
    int port;
    @Autowired
    JobStarter jobs;
    @Autowired
    dk.cardoffice.batch.HomeFolders home;

    @Test
    void neitherImportsNorPortalCallsLogACpr(CapturedOutput output) throws Exception {
        Path file = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/enrolment")), "cpr-log").resolve("enrolment_265011_20261114061500.csv");
        Files.writeString(file, "institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;start_date;guardian1_cpr\r\n"
                + "265011;Lindebjergskolen;SCHOOL;P1;250312-4121;Søren;Ærø;2024-08-12;130278-1234\r\n"
                + "265011;Lindebjergskolen;SCHOOL;P2;310212-4567;Lærke;Holm;2024-08-12;\r\n"
                + "265011;Lindebjergskolen;SCHOOL;P3;250312-4121;Søren;Ærø;2024-08-12;\r\n", StandardCharsets.UTF_8);
        jobs.awaitEnd(jobs.start("enrolment-import", Map.of("file", file.toString())), Duration.ofMinutes(1));

        HttpClient http = HttpClient.newHttpClient();
        List<String> answers = new ArrayList<>();
        String links = "http://localhost:" + port + "/api/v1/guardians/" + GUARDIAN + "/links";
        // not found, the same id again with another body (409), a malformed body, a missing id, an invalid CPR (400)
        for (String body : new String[] {"{\"requestId\":\"r1\",\"childCpr\":\"" + CHILD + "\",\"cardNumber\":\"00000000\"}",
                "{\"requestId\":\"r1\",\"childCpr\":\"" + BAD + "\",\"cardNumber\":\"00000000\"}", "{\"requestId\":\"r3\",\"childCpr\":\"" + CHILD,
                "{\"childCpr\":\"" + CHILD + "\",\"cardNumber\":\"00000000\"}", "{\"requestId\":\"r4\",\"childCpr\":\"3113991234\",\"cardNumber\":\"0\"}"}) {
            answers.add(http.send(HttpRequest.newBuilder(URI.create(links)).header("X-Api-Key", "log-test-key")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        // the framework's own refusals on the same path: a method it does not take (405), a body it does not read (415)
        answers.add(http.send(HttpRequest.newBuilder(URI.create(links)).header("X-Api-Key", "log-test-key").DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        answers.add(http.send(HttpRequest.newBuilder(URI.create(links)).header("X-Api-Key", "log-test-key").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).body());
        answers.add(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/guardians/" + GUARDIAN + "/accounts"))
                .header("X-Api-Key", "log-test-key").build(), HttpResponse.BodyHandlers.ofString()).body());

        for (String cpr : new String[] {CHILD, GUARDIAN, BAD}) {
            assertThat(output.getAll()).doesNotContain(cpr).doesNotContain(cpr.substring(0, 6) + "-" + cpr.substring(6));
            assertThat(answers).as("answers carry CPR numbers only masked").allSatisfy(answer -> assertThat(answer)
                    .doesNotContain(cpr).doesNotContain(cpr.substring(0, 6) + "-" + cpr.substring(6)));
        }
        // the 400, 405 and 415 documents name the path they answer (instance), with the CPR number masked
        assertThat(answers.subList(2, 7)).allSatisfy(answer -> assertThat(answer).contains("\"instance\":\"/api/v1/guardians/130278-xxxx/links\""));
    }
}
