package dk.cardoffice.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operations API of contract §8 over real HTTP, the application on a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cardoffice.security.users[0].name=olga", "cardoffice.security.users[0].password={noop}s3cret",
        "cardoffice.security.users[0].roles=OPERATOR, FINANCE",
        "cardoffice.security.users[1].name=frank", "cardoffice.security.users[1].password={bcrypt}$2a$10$efJ7MoSSV1seX4Ge/bL8iuwaQtQUT.zfJg6OEOMwWjmMJZfPhMNEu",
        "cardoffice.security.users[1].roles=FINANCE"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class OperationsApiFunctionalTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    HomeFolders home;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    dk.cardoffice.ledger.Accounts accounts;
    @Autowired
    dk.cardoffice.ledger.LedgerVerifier verifier;

    @Test
    void launchesAJobAndReportsTheExecutionWithItsSteps() throws Exception {
        HttpResponse<String> launched = post("/api/v1/ops/jobs/card-order-export", "{}", "olga", "s3cret");

        assertThat(launched.statusCode()).isEqualTo(202);
        long executionId = JSON.readTree(launched.body()).get("executionId").asLong();
        JsonNode execution = awaitEnd(executionId);
        assertThat(execution.get("jobName").asString()).isEqualTo("card-order-export");
        assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(execution.get("exitCode").asString()).isEqualTo("NOOP");
        assertThat(execution.get("startTime").asString()).isNotBlank();
        assertThat(execution.get("endTime").asString()).isNotBlank();
        assertThat(execution.get("steps")).hasSize(2);
        JsonNode step = execution.get("steps").get(0);
        assertThat(step.get("name").asString()).isEqualTo("claim-card-orders");
        assertThat(step.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(step.has("readCount") && step.has("writeCount") && step.has("skipCount")).isTrue();
    }

    @Test
    void launchWithoutBodyWorksToo() throws Exception {
        HttpResponse<String> launched = post("/api/v1/ops/jobs/card-order-export", "", "olga", "s3cret");
        assertThat(launched.statusCode()).isEqualTo(202);
    }

    @Test
    void refusesCallersWithoutTheOperatorRole() throws Exception {
        HttpResponse<String> anonymous = post("/api/v1/ops/jobs/card-order-export", "{}", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

        assertThat(post("/api/v1/ops/jobs/card-order-export", "{}", "olga", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> finance = post("/api/v1/ops/jobs/card-order-export", "{}", "frank", "password");
        assertThat(finance.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/ops/executions/1", "frank", "password").statusCode()).isEqualTo(403);
    }

    @Test
    void answersProblemsForUnknownJobsBadParametersAndUnknownExecutions() throws Exception {
        HttpResponse<String> unknown = post("/api/v1/ops/jobs/make-coffee", "{}", "olga", "s3cret");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("detail").asString()).contains("no job named 'make-coffee'").contains("card-order-export");
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

        HttpResponse<String> nested = post("/api/v1/ops/jobs/card-order-export", "{\"date\":{\"y\":2026}}", "olga", "s3cret");
        assertThat(nested.statusCode()).isEqualTo(400);
        HttpResponse<String> missingFile = post("/api/v1/ops/jobs/card-order-export", "{\"file\":\"/no/such/file.csv\"}", "olga", "s3cret");
        assertThat(missingFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missingFile.body()).get("detail").asString()).contains("/no/such/file.csv");

        assertThat(get("/api/v1/ops/executions/987654", "olga", "s3cret").statusCode()).isEqualTo(404);
    }

    @Test
    void aSettlementFileLaunchedByAnOperatorShowsItsPayoutAndItsExceptions() throws Exception {
        int n = 900_000 + port % 1000;
        Path file = Files.createTempDirectory("ops-settlement").resolve("settlement_NETS_20261123.csv");
        Files.writeString(file, "settlement_date;payout_reference;transaction_id;order_id;transaction_time;card_brand;type;amount;fee;currency\n"
                + "2026-11-23;OPS-" + n + ";OPS-TX-" + n + ";OPS-ORDER-" + n + ";2026-11-20T16:04:00;DANKORT;CAPTURE;75.00;0.70;DKK\n"
                + "#TRAILER;1;75.00;0.70;74.30\n");

        JsonNode run = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/settlement-reconciliation", "{\"file\":\"" + file + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());

        assertThat(run.get("exitCode").asString()).isEqualTo("COMPLETED");
        JsonNode payout = null;
        for (JsonNode p : JSON.readTree(get("/api/v1/ops/settlements/payouts", "olga", "s3cret").body())) {
            if (p.get("payoutReference").asString().equals("OPS-" + n)) {
                payout = p;
            }
        }
        assertThat(payout).isNotNull();
        assertThat(payout.get("net").asString()).isEqualTo("74.30");
        assertThat(payout.get("unknownOrder").asInt()).isEqualTo(1);
        JsonNode exception = null;
        for (JsonNode e : JSON.readTree(get("/api/v1/ops/settlements/exceptions", "olga", "s3cret").body())) {
            if (("OPS-ORDER-" + n).equals(e.get("orderId").asString())) {
                exception = e;
            }
        }
        assertThat(exception).isNotNull();
        assertThat(exception.get("outcome").asString()).isEqualTo("UNKNOWN_ORDER");
        assertThat(exception.get("line").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/ops/settlements/payouts", "nobody", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aSaleOnAnUnknownCardIsListedAsAFlagAndMovedFromSuspenseToTheRightCardOnce() throws Exception {
        int n = 800_000 + port % 1000;
        String institution = Integer.toString(n);
        jdbc.update("insert into institution (institution_no, name, type) values (?, 'Klub Suspense', 'CLUB')", institution);
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Ida', 'Bøgh', 'ACTIVE')",
                "ops-suspense-" + n);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, "ops-suspense-" + n);
        var account = accounts.openMemberAccount(memberId, "Ida Bøgh");
        String card = null;
        for (long s = 70_000_000L + n; card == null; s += 1_000_000) {
            card = dk.cardoffice.ledger.card.CardNumbers.fromSequence(s).orElse(null);
        }
        jdbc.update("insert into card (card_number, account_id, status) values (?, ?, 'ACTIVE')", card, account.id());
        Path file = Files.createTempDirectory("ops-sales").resolve("sales_KLUB-" + n + "_20261120190000.csv");
        Files.writeString(file, "terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n"
                + "KLUB-" + n + ";" + institution + ";K1;2026-11-20T15:32:45;ZZ12AB34;SALE;M01;Toast;1;12.00\n#TRAILER;1;12.00\n");
        JsonNode posted = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + file + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());
        assertThat(posted.get("exitCode").asString()).isEqualTo("COMPLETED");

        JsonNode flags = JSON.readTree(get("/api/v1/ops/sales/flags", "olga", "s3cret").body());
        JsonNode flag = null;
        for (JsonNode f : flags) {
            if (f.get("terminalId").asString().equals("KLUB-" + n)) {
                flag = f;
            }
        }
        assertThat(flag).isNotNull();
        assertThat(flag.get("flag").asString()).isEqualTo("UNKNOWN_CARD");
        long sale = flag.get("transactionId").asLong();

        HttpResponse<String> moved = post("/api/v1/ops/sales/" + sale + "/move-from-suspense", "{\"cardNumber\":\"" + card.toLowerCase() + "\"}",
                "olga", "s3cret");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(moved.body()).get("accountNo").asString()).isEqualTo(account.accountNo());
        assertThat(jdbc.queryForObject("select balance from account where id = ?", Long.class, account.id())).isEqualTo(-1200);
        assertThat(jdbc.queryForObject("select reference_id from ledger_transaction where type = 'SUSPENSE_TRANSFER' and business_key = ?",
                Long.class, Long.toString(sale))).isEqualTo(sale);
        assertThat(jdbc.queryForObject("select resolution from sale_flag where transaction_id = ?", String.class, sale)).contains("olga");

        assertThat(post("/api/v1/ops/sales/" + sale + "/move-from-suspense", "{\"cardNumber\":\"" + card + "\"}", "olga", "s3cret").statusCode())
                .isEqualTo(422);
        assertThat(post("/api/v1/ops/sales/987654321/move-from-suspense", "{\"cardNumber\":\"" + card + "\"}", "olga", "s3cret").statusCode())
                .isEqualTo(404);
        assertThat(verifier.verify().breaks()).isEmpty();
    }

    @Test
    void healthIsOpenOnTheSamePort() throws Exception {
        // the folder intake reports ready after its first poll, a moment after start
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        HttpResponse<String> health = get("/actuator/health", null, null);
        while (health.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            health = get("/actuator/health", null, null);
        }
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void createsTheHomeFolderLayoutAtStart() {
        for (String folder : new String[] {"db", "inbox/enrolment", "inbox/sales", "inbox/settlement", "inbox/bank-status",
                "outbox/card-orders", "outbox/enrolment-receipts", "outbox/sales-receipts", "outbox/payouts", "outbox/reports",
                "outbox/mail", "archive/enrolment", "error/enrolment", "error/sales", "error/settlement", "error/bank-status"}) {
            assertThat(Files.isDirectory(home.home().resolve(folder))).as(folder).isTrue();
        }
    }

    @Test
    void aSnapshotHeldByTheMassLeaveGuardIsListedAndApprovedThroughTheApi() throws Exception {
        String institution = Integer.toString(700_000 + port % 1000);
        Path full = roster(institution, "20261114061500", 30);
        JsonNode first = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/enrolment-import", "{\"file\":\"" + full + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());
        assertThat(first.get("exitCode").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("steps")).anySatisfy(s -> {
            assertThat(s.get("name").asString()).isEqualTo("apply-enrolment-lines");
            assertThat(s.get("writeCount").asLong()).isEqualTo(30);
        });

        Path shrunk = roster(institution, "20261121061500", 15);
        JsonNode held = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/enrolment-import", "{\"file\":\"" + shrunk + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());
        assertThat(held.get("exitCode").asString()).isEqualTo("HELD");
        assertThat(held.get("exitDescription").asString()).contains("would end 15 of 30");

        JsonNode holds = JSON.readTree(get("/api/v1/ops/enrolment-holds", "olga", "s3cret").body());
        JsonNode hold = null;
        for (JsonNode h : holds) {
            if (h.get("institutionNo").asString().equals(institution)) {
                hold = h;
            }
        }
        assertThat(hold).isNotNull();
        assertThat(hold.get("status").asString()).isEqualTo("HELD");
        assertThat(post("/api/v1/ops/enrolment-holds/" + hold.get("id").asLong() + "/approve", "", "frank", "password").statusCode()).isEqualTo(403);

        HttpResponse<String> approved = post("/api/v1/ops/enrolment-holds/" + hold.get("id").asLong() + "/approve", "", "olga", "s3cret");
        assertThat(approved.statusCode()).isEqualTo(202);
        JsonNode applied = awaitEnd(JSON.readTree(approved.body()).get("executionId").asLong());
        assertThat(applied.get("exitCode").asString()).isEqualTo("COMPLETED");
        assertThat(post("/api/v1/ops/enrolment-holds/" + hold.get("id").asLong() + "/approve", "", "olga", "s3cret").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/ops/enrolment-holds/999999/discard", "", "olga", "s3cret").statusCode()).isEqualTo(404);

        // the registry is updated by the job's listener, a moment after the execution shows its end time
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String status = null;
        while (!"PROCESSED".equals(status) && Instant.now().isBefore(deadline)) {
            for (JsonNode f : JSON.readTree(get("/api/v1/ops/files", "olga", "s3cret").body())) {
                if (f.get("fileName").asString().equals(shrunk.getFileName().toString())) {
                    status = f.get("status").asString();
                }
            }
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo("PROCESSED");
    }

    private Path roster(String institution, String stamp, int pupils) throws IOException {
        StringBuilder csv = new StringBuilder("institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;start_date\r\n");
        for (int i = 0; i < pupils; i++) {
            csv.append(institution).append(";Klub Ærøhøj;CLUB;K-").append(i).append(';')
                    .append(String.format("%02d0315-%04d", 1 + i, 4000 + port % 1000)).append(";Åse;Ørsted;2025-08-01\r\n");
        }
        Path file = Files.createTempDirectory("ops-test").resolve("enrolment_" + institution + "_" + stamp + ".csv");
        return Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
    }

    private JsonNode awaitEnd(long executionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> response = get("/api/v1/ops/executions/" + executionId, "olga", "s3cret");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode execution = JSON.readTree(response.body());
            String status = execution.get("status").asString();
            if (!status.equals("STARTING") && !status.equals("STARTED") && !execution.get("endTime").isNull()) {
                return execution;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> post(String path, String body, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(authorised(request, user, password).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        return http.send(authorised(request, user, password).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }
}
