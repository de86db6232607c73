package dk.cardoffice.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Drives deposits and withdrawals over HTTP on loopback against the real service jar
 * ({@code app/target/cardoffice.jar}, started as its own process on an embedded PostgreSQL) with
 * 16 concurrent clients (plain keep-alive HTTP/1.1 connections, see {@link PlainHttpConnection}) for 60 s, then prints requests/s, p50/p99 latency and errors, and runs
 * {@code verify-ledger}. Target (issue 4): at least 1,000 writes/s, p99 under 50 ms, no errors.
 *
 * <pre>java -jar bench/target/cardoffice-bench.jar portal-load [seconds=60] [clients=16] [accounts=2000]</pre>
 */
public final class PortalLoadBenchmark {

    private static final String KEY = "bench-portal-key";

    private PortalLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int accountCount = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Path jar = Path.of(System.getProperty("bench.jar", "app/target/cardoffice.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -DskipTests package first (from the project folder)");
        }
        Path work = Files.createTempDirectory("cardoffice-load");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
        // diagnosis only: -Dbench.synchronousCommit=off shows how much of the time is the WAL flush per commit
        builder.setServerConfig("synchronous_commit", System.getProperty("bench.synchronousCommit", "on"));
        try (EmbeddedPostgres postgres = builder.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
            if (System.getProperty("bench.serviceJvmArgs") != null) {
                command.addAll(List.of(System.getProperty("bench.serviceJvmArgs").split(" ")));
            }
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                    "--cardoffice.home=" + work.resolve("home"), "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres", "--cardoffice.portal.api-keys=" + KEY, "--cardoffice.intake.enabled=false",
                    "--cardoffice.schedules.enabled=false", "--logging.level.root=WARN"));
            Process service = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                awaitHealthy(http, port);
                List<String> accounts = createAccounts(url, accountCount);
                System.out.printf("portal load: %d clients for %d s against the service on port %d (PostgreSQL 17, %d accounts)%n",
                        clients, seconds, port, accounts.size());
                run(port, accounts, clients, 5, false);          // warm-up, not counted
                Result result = run(port, accounts, clients, seconds, true);
                System.out.printf("  writes: %,d in %d s = %,.0f writes/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d (5xx or I/O), refusals %d (422)%n",
                        result.count, seconds, result.count / (double) seconds, result.percentile(50), result.percentile(99),
                        result.percentile(100), result.errors, result.refusals);
                Process verify = new ProcessBuilder("java", "-jar", jar.toString(), "verify-ledger", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--cardoffice.home=" + work.resolve("home"))
                        .redirectErrorStream(true).start();
                String report = new String(verify.getInputStream().readAllBytes());
                System.out.println("  verify-ledger (exit " + verify.waitFor() + "):");
                report.lines().filter(l -> l.startsWith("Ledger") || l.startsWith("  ")).forEach(l -> System.out.println("    " + l));
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    private record Result(long count, long errors, long refusals, long[] latenciesNanos) {
        double percentile(int p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }

    private static Result run(int port, List<String> accounts, int clients, int seconds, boolean measured) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        AtomicLong ids = new AtomicLong(measured ? 1_000_000_000L : 0);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                PlainHttpConnection connection = new PlainHttpConnection("127.0.0.1", port, KEY);
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    String account = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                    long id = ids.incrementAndGet();
                    boolean deposit = ThreadLocalRandom.current().nextInt(3) != 0;
                    String path = deposit ? "/api/v1/deposits" : "/api/v1/withdrawals";
                    String body = deposit
                            ? "{\"orderId\":\"L" + id + "\",\"accountNo\":\"" + account + "\",\"amount\":\"50.00\",\"acquirer\":\"NETS\","
                                    + "\"transactionId\":\"T" + id + "\",\"capturedAt\":\"2026-11-20T14:03:00+01:00\"}"
                            : "{\"requestId\":\"W" + id + "\",\"accountNo\":\"" + account + "\",\"amount\":\"10.00\",\"recipientName\":\"Mette Ærø\","
                                    + "\"regNo\":\"1234\",\"bankAccountNo\":\"12345678\",\"text\":\"Lommepenge\"}";
                    long start = System.nanoTime();
                    try {
                        int status = connection.post(path, body);
                        if (status == 422) {
                            refusals.incrementAndGet();
                        } else if (status != 201) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        connection.close();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - start;
                }
                connection.close();
                return Arrays.copyOf(latencies, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : futures) {
            long[] part = f.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        pool.shutdown();
        Arrays.sort(all);
        return new Result(all.length, errors.get(), refusals.get(), all);
    }

    private static List<String> createAccounts(String url, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            c.setAutoCommit(false);
            try (PreparedStatement member = c.prepareStatement(
                    "insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Bench', ?, 'ACTIVE')")) {
                for (int i = 0; i < count; i++) {
                    member.setString(1, String.format("%064d", i));
                    member.setString(2, "Konto" + i);
                    member.addBatch();
                }
                member.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into account (account_no, kind, name, member_id) select lpad(nextval('account_no_seq')::text, 8, '0'),"
                        + " 'MEMBER', first_name || ' ' || last_name, id from member where first_name = 'Bench'");
            }
            c.commit();
            List<String> accounts = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select account_no from account where kind = 'MEMBER'")) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
            return accounts;
        }
    }

    private static void awaitHealthy(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service did not become healthy within 2 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
