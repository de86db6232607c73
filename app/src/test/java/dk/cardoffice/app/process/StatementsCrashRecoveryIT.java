package dk.cardoffice.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The real service killed with SIGKILL while the statements job queues its statements (after the second chunk was
 * written, before it committed), then again after a page of statements went out as .eml files but before the outbox
 * knew: after the restarts every guardian has the day's statement exactly once, and a repeated run adds nothing. Then the
 * day's finance report, killed after its files were written and before its step committed: the restarted run writes the
 * same files again. PostgreSQL and the H2 file database.
 */
class StatementsCrashRecoveryIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(CrashRecoveryIT.Database.class)
    void killedWhileQueueingAndAfterSendingEveryGuardianGetsTheStatementOnce(CrashRecoveryIT.Database database) throws Exception {
        World world = new World(new Random(17));
        String[] arguments = {"--cardoffice.mail.statements-chunk-size=3", "--cardoffice.mail.poll=1s"};
        String today = LocalDate.now(ZoneId.of("Europe/Copenhagen")).toString();
        try (ServiceProcess service = new ServiceProcess(work, CrashRecoveryIT.databaseArguments(database))) {
            service.start(null, arguments);
            World.Dropped roster = world.enrolment(service, 10);
            ServiceProcess.await("the roster's receipt", Duration.ofSeconds(90), () -> World.receiptWritten(service, roster));
            world.learnCards(service);
            world.topUpEach(service, "150");
            int guardians = world.expectedBalances().size();

            // 1. killed with the second chunk of statements written but not committed
            service.kill();
            service.start("statements.chunk-queued:1", arguments);
            assertThat(service.post("/api/v1/ops/jobs/statements", "{\"date\":\"" + today + "\"}").statusCode()).isEqualTo(202);
            ServiceProcess.await("the second chunk", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
            service.kill();

            // 2. the restarted run (recovered at start) sends; killed after a page went out, before it was marked delivered
            service.start("mail.sent", arguments);
            ServiceProcess.await("a page sent", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
            service.kill();

            service.start(null, arguments);
            ServiceProcess.await("every guardian's statement", Duration.ofSeconds(120), () -> statementsByRecipient(service).size() == guardians);
            repeatedRun(service, today);

            Map<String, Integer> received = statementsByRecipient(service);
            assertThat(received).hasSize(guardians);
            assertThat(received.values()).as("each guardian's statement exactly once: %s", received).containsOnly(1);

            // 3. the day's finance report, killed after its files were written but before its step committed: the restarted run
            //    writes them again, the same, and leaves no tmp file
            service.kill();
            service.start("finance-report.written", arguments);
            assertThat(service.post("/api/v1/ops/jobs/finance-report", "{\"date\":\"" + today + "\"}").statusCode()).isEqualTo(202);
            ServiceProcess.await("the report written", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
            service.kill();
            Map<String, String> firstWrite = reports(service);
            assertThat(firstWrite).containsKeys("daily_" + today + "_summary.csv", "liability_" + today + ".csv", "daily_" + today + ".xlsx");
            Files.delete(service.home().resolve("outbox/reports/liability_" + today + ".csv")); // the restart must write it again
            service.start(null, arguments);
            ServiceProcess.await("the report written again", Duration.ofSeconds(90),
                    () -> Files.exists(service.home().resolve("outbox/reports/liability_" + today + ".csv")));
            ServiceProcess.await("the recovery done", Duration.ofSeconds(90),
                    () -> service.getJson("/api/v1/ops/recovery").path("startup").path("phase").asString().equals("DONE"));
            Map<String, String> secondWrite = reports(service);
            for (String name : firstWrite.keySet()) {
                if (name.endsWith(".csv") && !name.startsWith("liability_")) {
                    assertThat(secondWrite.get(name)).as(name).isEqualTo(firstWrite.get(name));
                }
            }
            assertThat(secondWrite.keySet()).noneMatch(name -> name.endsWith(".tmp")).containsAll(firstWrite.keySet());
            assertThat(secondWrite.get("daily_" + today + "_summary.csv")).contains("Result;;;OK");
            service.terminate();
            String verify = service.verifyLedger();
            assertThat(verify).as(verify).startsWith("exit 0");
        }
    }

    /** A repeated run for the day, awaited to its end (the counts after it show it added nothing). */
    private static void repeatedRun(ServiceProcess service, String day) {
        var launched = service.post("/api/v1/ops/jobs/statements", "{\"date\":\"" + day + "\"}");
        assertThat(launched.statusCode()).isEqualTo(202);
        long id = Long.parseLong(launched.body().replaceAll("\\D+", ""));
        ServiceProcess.await("the repeated run", Duration.ofSeconds(90),
                () -> List.of("COMPLETED", "FAILED").contains(service.getJson("/api/v1/ops/executions/" + id).path("status").asString()));
        assertThat(service.getJson("/api/v1/ops/executions/" + id).path("status").asString()).isEqualTo("COMPLETED");
    }

    /** The files in outbox/reports/ with their text (the XLSX as its size). */
    private static Map<String, String> reports(ServiceProcess service) {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> all = Files.list(service.home().resolve("outbox/reports"))) {
            for (Path f : all.toList()) {
                String name = f.getFileName().toString();
                files.put(name, name.endsWith(".csv") ? Files.readString(f) : String.valueOf(Files.size(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The statements in outbox/mail/ (subject "Kontoudtog …"), counted per recipient. */
    private static Map<String, Integer> statementsByRecipient(ServiceProcess service) {
        Map<String, Integer> counts = new HashMap<>();
        Session session = Session.getInstance(new Properties());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(service.home().resolve("outbox/mail"))) {
            all.filter(f -> f.getFileName().toString().endsWith(".eml")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(session, in);
                if (message.getSubject() != null && message.getSubject().startsWith("Kontoudtog")) {
                    counts.merge(message.getAllRecipients()[0].toString(), 1, Integer::sum);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return counts;
    }
}
