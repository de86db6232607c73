package dk.cardoffice.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dk.cardoffice.ledger.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * The service killed with SIGKILL at chosen points, and stopped with SIGTERM, then started again, on
 * a real PostgreSQL server and on the H2 file database: every file is processed exactly once, every
 * balance equals the test's own model, receipts and card-order files exist once and complete, and
 * verify-ledger is clean. The random test prints its seed; {@code -Dseed=<n>} replays it.
 */
class CrashRecoveryIT {

    enum Database { POSTGRES, H2_FILE }

    @TempDir
    Path work;

    /** Each point of the issue, one kill each, then a clean start that must finish everything. */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aKillAtEachChosenPointLosesAndDoublesNothing(Database database) {
        World world = new World(new Random(14));
        try (ServiceProcess service = new ServiceProcess(work, databaseArguments(database))) {
            service.start(null);
            world.enrolment(service, 30);
            awaitAllDone(service, world);
            service.kill();

            killAt(service, world, "intake.claimed", () -> world.sales(service, 20));
            killAt(service, world, "intake.moved", () -> world.sales(service, 20));
            killAt(service, world, "intake.archived", () -> world.sales(service, 20));
            killAt(service, world, "sales-posting.chunk-posted:1", () -> world.sales(service, 80));
            killAt(service, world, "sales-posting.receipt-written", () -> world.sales(service, 30));
            killAt(service, world, "intake.outcome-recorded", () -> world.sales(service, 20)); // job saved as ended, file not yet PROCESSED
            killAt(service, world, "card-order-export.tmp-written", () -> world.enrolment(service, 12));
            killAt(service, world, "enrolment-import.chunk-applied:1", () -> world.enrolment(service, 45));

            service.start(null);
            awaitAllDone(service, world);
            checkEverything(service, world);
        }
    }

    /** Kill points chosen at random, many times over, for sales and enrolment; each restart also recovers the previous kill. */
    @Test
    void killsAtRandomPointsOverManyIterations() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("CrashRecoveryIT.killsAtRandomPointsOverManyIterations seed=" + seed + " (replay with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        World world = new World(random);
        List<String> points = List.of("intake.claimed", "intake.moved", "intake.archived", "sales-posting.chunk-posted", "sales-posting.receipt-written",
                "enrolment-import.chunk-staged", "enrolment-import.chunk-applied", "card-order-export.tmp-written",
                "card-order-export.published", "intake.outcome-recorded");
        try (ServiceProcess service = new ServiceProcess(work, databaseArguments(Database.POSTGRES))) {
            service.start(null);
            world.enrolment(service, 40);
            awaitAllDone(service, world);
            service.kill();
            int iterations = Integer.getInteger("crash.iterations", 6);
            for (int i = 0; i < iterations; i++) {
                world.learnCards(service);
                String point = points.get(random.nextInt(points.size()));
                // a file is claimed, moved, archived and answered once: only chunk points are reached more than once per file
                String armed = point + ":" + (point.contains("chunk") ? random.nextInt(3) : 0);
                boolean enrolment = point.startsWith("enrolment") || point.startsWith("card-order") || (point.startsWith("intake") && random.nextBoolean());
                service.start(armed);
                World.Dropped file = enrolment ? world.enrolment(service, 10 + random.nextInt(50)) : world.sales(service, 10 + random.nextInt(90));
                ServiceProcess.await("the crash point " + armed + " or the end of " + file.name(), Duration.ofSeconds(90),
                        () -> Files.exists(service.marker()) || (World.receiptWritten(service, file)
                                && (!file.feed().equals("enrolment") || cardOrderLines(service) == world.pupils())));
                System.out.println("iteration " + i + ": " + armed + " with " + file.name() + " -> "
                        + (Files.exists(service.marker()) ? "killed at the point" : "point not reached; killed after the file"));
                service.kill();
            }
            service.start(null);
            awaitAllDone(service, world);
            checkEverything(service, world);
        }
    }

    /**
     * SIGTERM while a long sales file is being posted: the process exits within the grace period, the
     * execution ends STOPPED, and the next start (UP before it has caught up) restarts it and posts the
     * rest once.
     */
    @Test
    void sigtermDuringALongSalesFileStopsItInTimeAndTheNextStartFinishesIt() {
        World world = new World(new Random(7));
        try (ServiceProcess service = new ServiceProcess(work, databaseArguments(Database.POSTGRES))) {
            service.start(null, "--cardoffice.sales.chunk-size=5");
            world.enrolment(service, 30);
            awaitAllDone(service, world);
            World.Dropped big = world.sales(service, 4000);
            long[] executionId = new long[1];
            ServiceProcess.await("the first chunks of " + big.name() + " to be posted", Duration.ofSeconds(60), () -> {
                for (JsonNode entry : service.getJson("/api/v1/ops/files")) {
                    if (entry.path("fileName").asString().equals(big.name()) && entry.path("jobExecutionId").isNumber()) {
                        executionId[0] = entry.path("jobExecutionId").asLong();
                        for (JsonNode step : service.getJson("/api/v1/ops/executions/" + executionId[0]).path("steps")) {
                            if (step.path("name").asString().equals("post-sales") && step.path("writeCount").asLong() > 0) {
                                return true;
                            }
                        }
                    }
                }
                return false;
            });

            Duration exit = service.terminate();

            assertThat(exit).as("exit after SIGTERM").isLessThan(Duration.ofSeconds(30));
            assertThat(World.receiptWritten(service, big)).as("the receipt of a stopped file").isFalse();
            service.start(null, "--cardoffice.sales.chunk-size=5");
            assertThat(service.getJson("/api/v1/ops/recovery").path("startup").path("phase").asString())
                    .as("health is UP while the stopped file is still being finished").isIn("WAITING", "RECOVERING_EXECUTIONS");
            awaitAllDone(service, world);
            JsonNode stopped = service.getJson("/api/v1/ops/executions/" + executionId[0]);
            assertThat(stopped.path("status").asString()).isEqualTo("STOPPED");
            assertThat(stopped.path("recovery").path("decision").asString()).isEqualTo("RESTARTED");
            assertThat(stopped.path("recovery").path("reason").asString()).contains("stopped by the shutdown");
            long restarted = stopped.path("recovery").path("newExecutionId").asLong();
            assertThat(service.getJson("/api/v1/ops/executions/" + restarted).path("recoveredFrom").asLong()).isEqualTo(executionId[0]);
            checkEverything(service, world);
        }
    }

    private void killAt(ServiceProcess service, World world, String point, Runnable dropFile) {
        world.learnCards(service);
        service.start(point);
        dropFile.run();
        ServiceProcess.await("the service to reach " + point, Duration.ofSeconds(90), () -> Files.exists(service.marker()));
        service.kill();
        service.start(null);
        awaitAllDone(service, world);
        service.kill();
    }

    /** Every dropped file has its receipt, the registry has finished every file and nothing runs any more. */
    private static void awaitAllDone(ServiceProcess service, World world) {
        try {
            awaitAllDoneOrFail(service, world);
        } catch (AssertionError e) {
            List<String> notable = service.log().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("FileIntake")
                    || l.contains("Started Cardoffice") || l.contains("Exception")).toList();
            throw new AssertionError(e.getMessage() + "\nregistry: " + service.get("/api/v1/ops/files") + "\nrecovery: "
                    + service.get("/api/v1/ops/recovery") + "\nservice log (warnings, intake, starts):\n"
                    + String.join("\n", notable.subList(Math.max(0, notable.size() - 150), notable.size())), e);
        }
    }

    private static void awaitAllDoneOrFail(ServiceProcess service, World world) {
        ServiceProcess.await("every file to be processed", Duration.ofSeconds(120), () -> {
            if (!world.dropped().stream().allMatch(f -> World.receiptWritten(service, f))) {
                return false;
            }
            JsonNode recovery = service.getJson("/api/v1/ops/recovery");
            if (!"DONE".equals(recovery.path("startup").path("phase").asString())) {
                return false;
            }
            JsonNode files = service.getJson("/api/v1/ops/files");
            for (World.Dropped file : world.dropped()) {
                boolean processed = false;
                for (JsonNode entry : files) {
                    processed |= entry.path("fileName").asString().equals(file.name()) && entry.path("status").asString().equals("PROCESSED");
                }
                if (!processed) {
                    return false;
                }
            }
            return cardOrderLines(service) == world.pupils() && outboxHasNoTmp(service);
        });
        world.learnCards(service);
    }

    private void checkEverything(ServiceProcess service, World world) {
        JsonNode files = service.getJson("/api/v1/ops/files");
        for (World.Dropped file : world.dropped()) {
            List<String> statuses = new ArrayList<>();
            files.forEach(e -> {
                if (e.path("fileName").asString().equals(file.name())) {
                    statuses.add(e.path("status").asString());
                }
            });
            assertThat(statuses).as("registry rows of %s", file.name()).containsExactly("PROCESSED");
            List<CSVRecord> receipt = World.rows(World.receipt(service, file.feed(), file.name()));
            assertThat(receipt).as("receipt of %s", file.name()).hasSize(file.records());
            assertThat(receipt).allSatisfy(r -> assertThat(r.get("status")).isIn("CREATED", "POSTED", "FLAGGED"));
            Path archive = service.home().resolve("archive").resolve(file.feed());
            assertThat(filesNamed(archive, file.name())).as("archived copies of %s", file.name()).isEqualTo(1);
        }
        for (Map.Entry<String, Long> account : world.expectedBalances().entrySet()) {
            JsonNode view = service.getJson("/api/v1/accounts/" + account.getKey());
            long balance = new BigDecimal(view.path("balance").asString()).movePointRight(2).longValueExact();
            assertThat(balance).as("balance of account %s", account.getKey()).isEqualTo(account.getValue());
        }
        assertThat(cardOrderLines(service)).isEqualTo(world.pupils());
        assertThat(cardOrderIds(service)).doesNotHaveDuplicates().hasSize(world.pupils());
        assertThat(filesNamed(service.home().resolve("error"), null)).as("files in error/").isZero();
        assertThat(filesNamed(service.home().resolve("inbox"), null)).as("files left in inbox/").isZero();
        String beside = service.verifyLedger();
        if (service.onH2()) {
            assertThat(beside).as(beside).startsWith("exit 2").contains("held by the running service");
        } else {
            assertThat(beside).as(beside).startsWith("exit 0");
        }
        Duration exit = service.terminate();
        assertThat(exit).isLessThan(Duration.ofSeconds(30));
        String verify = service.verifyLedger();
        assertThat(verify).as(verify).startsWith("exit 0");
    }

    private static long cardOrderLines(ServiceProcess service) {
        return cardOrderIds(service).size();
    }

    private static List<String> cardOrderIds(ServiceProcess service) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> orders = Files.list(service.home().resolve("outbox").resolve("card-orders"))) {
            for (Path file : orders.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
                World.rows(file).forEach(r -> ids.add(r.get("order_id")));
            }
        } catch (IOException e) {
            return List.of();
        }
        return ids;
    }

    private static boolean outboxHasNoTmp(ServiceProcess service) {
        try (Stream<Path> all = Files.walk(service.home().resolve("outbox"))) {
            return all.noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long filesNamed(Path folder, String name) {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(f -> name == null || f.getFileName().toString().equals(name)).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> databaseArguments(Database database) {
        if (database == Database.H2_FILE) {
            return List.of(); // the default: H2 file database under <home>/db
        }
        TestDatabase.Fresh fresh = TestDatabase.POSTGRES.create();
        fresh.close(); // the service process connects by itself
        return List.of("--spring.datasource.url=" + fresh.jdbcUrl(), "--spring.datasource.username=" + fresh.username(),
                "--spring.datasource.password=" + fresh.password());
    }

}
