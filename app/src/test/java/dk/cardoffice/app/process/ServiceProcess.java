package dk.cardoffice.app.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service ({@code app/target/cardoffice.jar}) as its own operating-system process, as
 * municipal IT runs it: started on a home folder and a database, fed files through its inbox, asked
 * through its HTTP APIs, and ended by SIGKILL ({@link #kill}) or SIGTERM ({@link #terminate}). The
 * test-side crash hooks ({@code dk.cardoffice.batch.testing.crash}) reach it through
 * {@code -Dloader.path}; armed with {@code cardoffice.test.crash-at}, the process hangs at that point
 * after writing {@link #marker()}, for the test to kill it there.
 */
final class ServiceProcess implements AutoCloseable {

    static final String API_KEY = "process-test-key";
    private static final Path JAR = Path.of("target", "cardoffice.jar").toAbsolutePath();
    private static final Path CRASH_HOOKS = Path.of("..", "batch-jobs", "target", "test-classes").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;
    private final List<String> databaseArguments;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;
    private int starts;

    /** @param databaseArguments {@code --spring.datasource.*}, or none for the default H2 file database under the home */
    ServiceProcess(Path work, List<String> databaseArguments) {
        this.work = work;
        this.home = work.resolve("home");
        this.databaseArguments = databaseArguments;
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after `package` (mvn verify)");
        }
    }

    Path home() {
        return home;
    }

    /** The default database: the embedded H2 file under the home, which one process holds at a time. */
    boolean onH2() {
        return databaseArguments.isEmpty();
    }

    Path marker() {
        return work.resolve("crash-point-reached");
    }

    /** Starts the service (armed at {@code crashAt}, "point[:passes]", when not null) and waits until it answers. */
    ServiceProcess start(String crashAt, String... moreArguments) {
        try {
            Files.deleteIfExists(marker());
            port = freePort();
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dloader.path=" + crashHooks(), "-jar", JAR.toString(),
                    "--server.port=" + port, "--cardoffice.home=" + home, "--cardoffice.portal.api-keys=" + API_KEY,
                    "--cardoffice.schedules.enabled=false", "--cardoffice.intake.poll-millis=200",
                    "--cardoffice.intake.read-lock-check-millis=100", "--cardoffice.intake.read-lock-min-age-millis=100",
                    "--cardoffice.enrolment.chunk-size=20", "--cardoffice.node.name=process-test",
                    "--cardoffice.test.crash-marker=" + marker(), "--logging.level.root=WARN", "--logging.level.dk.cardoffice=INFO"));
            command.addAll(databaseArguments);
            command.addAll(List.of(moreArguments));
            if (List.of(moreArguments).stream().noneMatch(a -> a.startsWith("--cardoffice.sales.chunk-size="))) {
                command.add("--cardoffice.sales.chunk-size=25");
            }
            if (crashAt != null) {
                command.add("--cardoffice.test.crash-at=" + crashAt);
            }
            starts++;
            process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("service.log").toFile())).start();
            await("the service to answer on port " + port, Duration.ofSeconds(90), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + work.resolve("service.log"));
                }
                return get("/actuator/health").contains("\"UP\"");
            });
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process gets no chance to do anything. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM; returns how long the process took to exit. */
    Duration terminate() {
        Instant sent = Instant.now();
        process.destroy();
        waitFor(Duration.ofSeconds(120));
        return Duration.between(sent, Instant.now());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the service did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops a file into inbox/<feed>/ as a well-behaved sender does: written as NAME.tmp, then renamed. */
    Path drop(String feed, String name, String content) {
        try {
            Path inbox = Files.createDirectories(home.resolve("inbox").resolve(feed));
            Path tmp = inbox.resolve(name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    JsonNode getJson(String path) {
        return JSON.readTree(get(path));
    }

    HttpResponse<String> post(String path, String json) {
        try {
            return http.send(authorised(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private String send(HttpRequest.Builder request) {
        try {
            return http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return request.timeout(Duration.ofSeconds(30)).header("X-Api-Key", API_KEY)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code verify-ledger} against the same database as its own process; returns its exit code and report. */
    String verifyLedger() {
        try {
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString(), "verify-ledger", "--cardoffice.home=" + home));
            command.addAll(databaseArguments);
            Process verify = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
            String report = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return "exit " + verify.waitFor() + "\n" + report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(work.resolve("service.log"));
        } catch (IOException e) {
            return "";
        }
    }

    int starts() {
        return starts;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting for " + what + " after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Only the crash hooks of the test classes, not the rest of them, go on the service's loader.path. */
    private Path crashHooks() throws IOException {
        Path hooks = work.resolve("crash-hooks");
        if (Files.exists(hooks)) {
            return hooks;
        }
        Path classes = CRASH_HOOKS.resolve("dk/cardoffice/batch/testing/crash");
        Path imports = CRASH_HOOKS.resolve("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build batch-jobs' test classes first (mvn verify does)");
        }
        Path target = Files.createDirectories(hooks.resolve("dk/cardoffice/batch/testing/crash"));
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
        Path spring = Files.createDirectories(hooks.resolve("META-INF/spring"));
        Files.copy(imports, spring.resolve(imports.getFileName()));
        return hooks;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
