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
import java.util.List;

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
        "cardoffice.security.users[1].roles=FINANCE",
        // the recovery test calls the recovery itself; the heartbeat's periodic sweep must not take its orphan first
        "cardoffice.node.heartbeat=1h",
        // small chunks, so that a stop lands in the middle of a file
        "cardoffice.sales.chunk-size=5"})
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
    @Autowired
    dk.cardoffice.ledger.Ledger ledger;
    @Autowired
    dk.cardoffice.ledger.portal.Withdrawals withdrawals;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

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
        HttpResponse<String> missingFile = post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"/no/such/file.csv\"}", "olga", "s3cret");
        assertThat(missingFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missingFile.body()).get("detail").asString()).contains("/no/such/file.csv");

        assertThat(get("/api/v1/ops/executions/987654", "olga", "s3cret").statusCode()).isEqualTo(404);
    }

    @Test
    void aSettlementFileLaunchedByAnOperatorShowsItsPayoutAndItsExceptions() throws Exception {
        int n = 900_000 + port % 1000;
        Path file = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/settlement")), "ops-").resolve("settlement_NETS_20261123.csv");
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
    void aQueuedWithdrawalLeavesInAPayoutFileListedWithItsStatusAndAStatusForAnUnknownWithdrawalIsListed() throws Exception {
        String hmac = "ops-payout-" + System.nanoTime();
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Ops', 'Payout', 'ACTIVE')", hmac);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        dk.cardoffice.ledger.Accounts.MemberAccount account = accounts.openMemberAccount(memberId, "Ops Payout");
        ledger.post(dk.cardoffice.ledger.LedgerTransaction.transfer(dk.cardoffice.ledger.TransactionType.SUSPENSE_TRANSFER, hmac, java.time.Instant.now(),
                "test money", accounts.systemAccountId(dk.cardoffice.ledger.SystemAccount.SUSPENSE), account.id(), 100_00));
        String requestId = "W-OPS-" + System.nanoTime();
        transactions.executeWithoutResult(tx -> withdrawals.reserve(new dk.cardoffice.ledger.portal.Withdrawals.Withdrawal(requestId, account.accountNo(),
                40_00, "Åse Ørum", "1234", "5678", "Lommepenge", null), java.time.Instant.now()));

        JsonNode queued = JSON.readTree(get("/api/v1/ops/withdrawals/queued", "olga", "s3cret").body());
        assertThat(queued.findValuesAsString("requestId")).contains(requestId);
        JsonNode run = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/payout-run", "{}", "olga", "s3cret").body()).get("executionId").asLong());
        assertThat(run.get("status").asString()).isEqualTo("COMPLETED");

        String msgId = jdbc.queryForObject("select f.msg_id from payout_file f join withdrawal w on w.payout_file_id = f.id where w.request_id = ?",
                String.class, requestId);
        JsonNode file = null;
        for (JsonNode f : JSON.readTree(get("/api/v1/ops/payouts/files", "olga", "s3cret").body())) {
            if (f.get("msgId").asString().equals(msgId)) {
                file = f;
            }
        }
        assertThat(file).isNotNull();
        assertThat(file.get("status").asString()).isEqualTo("WRITTEN");
        assertThat(file.get("sent").asInt()).isEqualTo(file.get("count").asInt());
        JsonNode inFile = JSON.readTree(get("/api/v1/ops/payouts/files/" + msgId + "/withdrawals", "olga", "s3cret").body());
        assertThat(inFile.findValuesAsString("requestId")).contains(requestId);
        assertThat(inFile.findValuesAsString("status")).containsOnly("SENT");
        assertThat(get("/api/v1/ops/payouts/files/NO-SUCH-MSG/withdrawals", "olga", "s3cret").statusCode()).isEqualTo(404);

        Path report = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/bank-status")), "ops-").resolve("pain002.xml");
        Files.writeString(report, "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt>"
                + "<GrpHdr><MsgId>OPS-STS</MsgId><CreDtTm>2026-12-07T08:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>" + msgId
                + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>" + msgId
                + "-1</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>W-UNKNOWN-" + msgId.substring(15) + "</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>"
                + "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>");
        JsonNode imported = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/bank-status-import", "{\"file\":\"" + report + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());
        assertThat(imported.get("exitCode").asString()).as(imported.get("exitDescription").asString()).isEqualTo("COMPLETED");
        JsonNode exceptions = JSON.readTree(get("/api/v1/ops/payouts/status-exceptions", "olga", "s3cret").body());
        assertThat(exceptions.findValuesAsString("endToEndId")).contains("W-UNKNOWN-" + msgId.substring(15));
        assertThat(jdbc.queryForObject("select status from withdrawal where request_id = ?", String.class, requestId)).isEqualTo("SENT");
        assertThat(get("/api/v1/ops/payouts/files", "frank", "password").statusCode()).isEqualTo(403);
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
        Path file = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/sales")), "ops-").resolve("sales_KLUB-" + n + "_20261120190000.csv");
        Files.writeString(file, "terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n"
                + "KLUB-" + n + ";" + institution + ";K1;2026-11-20T15:32:45;ZZ12AB34;SALE;M01;Toast;1;12.00\n#TRAILER;1;12.00\n");
        JsonNode posted = awaitEnd(JSON.readTree(post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + file + "\"}", "olga", "s3cret")
                .body()).get("executionId").asLong());
        assertThat(posted.get("exitCode").asString()).isEqualTo("COMPLETED");

        // other tests here leave thousands of open flags (the stop test: unknown cards), oldest first
        JsonNode flags = JSON.readTree(get("/api/v1/ops/sales/flags?limit=10000", "olga", "s3cret").body());
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
        assertThat(jdbc.queryForObject("select reference_id from movement where type = 'SUSPENSE_TRANSFER' and business_key = ?",
                Long.class, Long.toString(sale))).isEqualTo(sale);
        assertThat(jdbc.queryForObject("select resolution from sale_flag where transaction_id = ?", String.class, sale)).contains("olga");

        assertThat(post("/api/v1/ops/sales/" + sale + "/move-from-suspense", "{\"cardNumber\":\"" + card + "\"}", "olga", "s3cret").statusCode())
                .isEqualTo(422);
        assertThat(post("/api/v1/ops/sales/987654321/move-from-suspense", "{\"cardNumber\":\"" + card + "\"}", "olga", "s3cret").statusCode())
                .isEqualTo(404);
        assertThat(verifier.verify().breaks()).isEmpty();
    }

    @Test
    void anOperatorLaunchesTheFinanceReportAndFinanceListsAndDownloadsIt() throws Exception {
        HttpResponse<String> launched = post("/api/v1/ops/jobs/finance-report", "{\"date\":\"2026-11-20\"}", "olga", "s3cret");
        assertThat(launched.statusCode()).isEqualTo(202);
        assertThat(awaitEnd(JSON.readTree(launched.body()).get("executionId").asLong()).get("status").asString()).isEqualTo("COMPLETED");

        HttpResponse<String> listed = get("/api/v1/ops/reports", "frank", "password");
        assertThat(listed.statusCode()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(listed.body()).forEach(r -> names.add(r.get("name").asString()));
        assertThat(names).contains("daily_2026-11-20.xlsx", "daily_2026-11-20_summary.csv", "daily_2026-11-20_safeguarding.csv",
                "daily_2026-11-20_sales-by-institution.csv", "daily_2026-11-20_settlement.csv", "daily_2026-11-20_payouts.csv",
                "daily_2026-11-20_exceptions.csv", "liability_2026-11-20.csv");

        HttpResponse<String> liability = get("/api/v1/ops/reports/liability_2026-11-20.csv", "frank", "password");
        assertThat(liability.statusCode()).isEqualTo(200);
        assertThat(liability.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("liability_2026-11-20.csv"));
        assertThat(liability.body()).startsWith("\uFEFFaccount_no;holder_name;cpr_masked;status;balance");
        HttpResponse<byte[]> xlsx = http.send(authorised(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/ops/reports/daily_2026-11-20.xlsx")), "frank", "password").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            assertThat(workbook.getSheet("Summary").getRow(0).getCell(0).getStringCellValue()).isEqualTo("line");
        }
        assertThat(get("/api/v1/ops/reports/..%2Fdb%2Fcardoffice.mv.db", "frank", "password").statusCode()).isIn(400, 404);
        assertThat(get("/api/v1/ops/reports/application.yml", "frank", "password").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/ops/reports", null, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/ops/jobs/finance-report", "{}", "frank", "password").statusCode()).as("finance reads, operators launch")
                .isEqualTo(403);
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

    @Autowired
    org.springframework.batch.core.repository.JobRepository jobRepository;
    @Autowired
    dk.cardoffice.batch.launch.ExecutionRecovery recovery;

    @Test
    void aLaunchTakesNoFileOutsideItsFeedAndNamesAMissingOrUnknownParameter() throws Exception {
        HttpResponse<String> passwd = post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"/etc/passwd\"}", "olga", "s3cret");
        assertThat(passwd.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(passwd.body()).get("detail").asString()).contains("not a file in inbox/sales/ or archive/sales/");
        assertThat(Path.of("/etc/passwd")).exists();

        Path outside = Files.writeString(Files.createTempDirectory("outside").resolve("sales_X_20261120190000.csv"), "not ours");
        Path link = Files.createSymbolicLink(home.inbox("sales").resolve("sales_LINK_20261120190000.csv.lnk"), outside);
        HttpResponse<String> viaLink = post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + link + "\"}", "olga", "s3cret");
        assertThat(viaLink.statusCode()).isEqualTo(400);
        assertThat(outside).exists();
        Files.delete(link);
        HttpResponse<String> dotDot = post("/api/v1/ops/jobs/sales-posting",
                "{\"file\":\"" + home.inbox("sales") + "/../../../" + outside.getFileName() + "\"}", "olga", "s3cret");
        assertThat(dotDot.statusCode()).isEqualTo(400);

        Path below = Files.writeString(Files.createDirectories(home.inbox("sales").resolve("sub")).resolve("sales_SUB_20261120190000.csv"), "x");
        assertThat(post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + below + "\"}", "olga", "s3cret").statusCode()).isEqualTo(400);
        Path writing = Files.writeString(home.inbox("sales").resolve("sales_TMP_20261120190000.csv.tmp"), "x");
        assertThat(post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + writing + "\"}", "olga", "s3cret").statusCode()).isEqualTo(400);
        assertThat(below).exists();
        assertThat(writing).exists();
        Files.delete(writing);

        HttpResponse<String> noFile = post("/api/v1/ops/jobs/sales-posting", "{}", "olga", "s3cret");
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noFile.body()).get("detail").asString()).contains("missing parameter 'file'");
        HttpResponse<String> typo = post("/api/v1/ops/jobs/card-order-export", "{\"colour\":\"red\"}", "olga", "s3cret");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(typo.body()).get("detail").asString()).contains("unknown parameter 'colour'").contains("takes no parameters");
    }

    @Test
    void restartStopAndAbandonDoWhatTheStateAllowsAndSayWhyNot() throws Exception {
        long completed = JSON.readTree(post("/api/v1/ops/jobs/card-order-export", "{}", "olga", "s3cret").body()).get("executionId").asLong();
        awaitEnd(completed);
        for (String action : new String[] {"restart", "stop", "abandon"}) {
            HttpResponse<String> refused = post("/api/v1/ops/executions/" + completed + "/" + action, "", "olga", "s3cret");
            assertThat(refused.statusCode()).as(action).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).get("detail").asString()).as(action).contains("job execution " + completed + " is");
        }
        assertThat(post("/api/v1/ops/executions/999999/restart", "", "olga", "s3cret").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/ops/executions/" + completed + "/restart", "", "frank", "password").statusCode()).isEqualTo(403);

        org.springframework.batch.core.job.JobExecution failed = fakeExecution(org.springframework.batch.core.BatchStatus.FAILED);
        HttpResponse<String> restarted = post("/api/v1/ops/executions/" + failed.getId() + "/restart", "", "olga", "s3cret");
        assertThat(restarted.statusCode()).isEqualTo(202);
        JsonNode rerun = awaitEnd(JSON.readTree(restarted.body()).get("executionId").asLong());
        assertThat(rerun.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(JSON.readTree(post("/api/v1/ops/executions/" + failed.getId() + "/restart", "", "olga", "s3cret").body())
                .get("detail").asString()).contains("not the last execution of its run");

        org.springframework.batch.core.job.JobExecution abandoned = fakeExecution(org.springframework.batch.core.BatchStatus.FAILED);
        assertThat(post("/api/v1/ops/executions/" + abandoned.getId() + "/abandon", "", "olga", "s3cret").statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(get("/api/v1/ops/executions/" + abandoned.getId(), "olga", "s3cret").body()).get("status").asString())
                .isEqualTo("ABANDONED");
        assertThat(post("/api/v1/ops/executions/" + abandoned.getId() + "/restart", "", "olga", "s3cret").statusCode()).isEqualTo(409);

        org.springframework.batch.core.job.JobExecution running = fakeExecution(org.springframework.batch.core.BatchStatus.STARTED);
        assertThat(post("/api/v1/ops/executions/" + running.getId() + "/abandon", "", "olga", "s3cret").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/ops/executions/" + running.getId() + "/restart", "", "olga", "s3cret").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/ops/executions/" + running.getId() + "/stop", "", "olga", "s3cret").statusCode()).isEqualTo(202);
        // no thread runs this made-up execution, so nothing turns its STOPPING into STOPPED
        assertThat(JSON.readTree(get("/api/v1/ops/executions/" + running.getId(), "olga", "s3cret").body()).get("status").asString())
                .isEqualTo("STOPPING");
        assertThat(post("/api/v1/ops/executions/" + running.getId() + "/stop", "", "olga", "s3cret").statusCode()).isEqualTo(409);
    }

    /**
     * A stop lands at a chunk boundary while the step's own thread is writing its chunks: the run ends
     * STOPPED and its restart posts the rest once. Three rounds: Spring Batch 6's JobOperator.stop, which
     * StopRequests replaces, left a run UNKNOWN now and then (a matter of timing; CrashRecoveryIT's
     * SIGTERM test met it on PostgreSQL). The test holds the suspense account's balance shards (the sales are
     * on an unknown card), so the first chunk waits for them: the stop always comes while the step runs,
     * however fast the machine posts the file.
     */
    @Test
    void anOperatorStopsARunningSalesFileAndItsRestartPostsEverySaleOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            int n = 500_000 + (port % 1000) * 10 + round;
            String institution = Integer.toString(n);
            jdbc.update("insert into institution (institution_no, name, type) values (?, 'Klub Stop', 'CLUB')", institution);
            int sales = 1500;
            StringBuilder content = new StringBuilder("terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n");
            for (int i = 1; i <= sales; i++) {
                content.append("STOP-").append(n).append(';').append(institution).append(";S").append(i)
                        .append(";2026-11-20T15:32:45;ZZ12AB34;SALE;M01;Toast;1;1.00\n");
            }
            content.append("#TRAILER;").append(sales).append(';').append(sales).append(".00\n");
            Path file = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/sales")), "ops-")
                    .resolve("sales_STOP-" + n + "_20261120190000.csv");
            Files.writeString(file, content);

            long id;
            try (java.sql.Connection holder = jdbc.getDataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (var hold = holder.prepareStatement("select balance from account_balance_shard where account_id = ? for update")) {
                    hold.setLong(1, accounts.systemAccountId(dk.cardoffice.ledger.SystemAccount.SUSPENSE));
                    hold.executeQuery().close();
                }
                id = JSON.readTree(post("/api/v1/ops/jobs/sales-posting", "{\"file\":\"" + file + "\"}", "olga", "s3cret").body())
                        .get("executionId").asLong();
                awaitStep(id, "post-sales");
                assertThat(post("/api/v1/ops/executions/" + id + "/stop", "", "olga", "s3cret").statusCode()).isEqualTo(202);
                holder.rollback();
            }
            JsonNode stopped = awaitEnd(id);
            assertThat(stopped.get("status").asString()).as("round " + round).isEqualTo("STOPPED");
            long posted = jdbc.queryForObject("select count(*) from sale where terminal_id = ?", Long.class, "STOP-" + n);
            assertThat(posted).as("a stopped run posted part of the file").isLessThan(sales);

            HttpResponse<String> restart = post("/api/v1/ops/executions/" + id + "/restart", "", "olga", "s3cret");
            assertThat(restart.statusCode()).isEqualTo(202);
            JsonNode rerun = awaitEnd(JSON.readTree(restart.body()).get("executionId").asLong());
            assertThat(rerun.get("status").asString()).isEqualTo("COMPLETED");
            List<Long> countAndSum = jdbc.queryForObject("select count(*), sum(amount_ore) from sale where terminal_id = ?",
                    (rs, i) -> List.of(rs.getLong(1), rs.getLong(2)), "STOP-" + n);
            assertThat(countAndSum).as("sales and øre posted").containsExactly((long) sales, sales * 100L);
        }
        assertThat(verifier.verify().breaks()).isEmpty();
    }

    private void awaitStep(long executionId, String stepName) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            for (JsonNode step : JSON.readTree(get("/api/v1/ops/executions/" + executionId, "olga", "s3cret").body()).path("steps")) {
                if (step.path("name").asString().equals(stepName)) {
                    return;
                }
            }
            assertThat(Instant.now()).as("step " + stepName + " of execution " + executionId).isBefore(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void anExecutionADeadProcessLeftRunningIsRecoveredAndRestartedAndTheApiSaysFromWhich() throws Exception {
        String dead = java.util.UUID.randomUUID().toString();
        jdbc.update("insert into job_node (incarnation, node_name, host, pid, stopped_at) values (?, 'old-node', 'old-host', 4242, current_timestamp)", dead);
        org.springframework.batch.core.job.JobExecution orphan = fakeExecution(org.springframework.batch.core.BatchStatus.STARTED);
        jdbc.update("insert into job_execution_owner (job_execution_id, incarnation) values (?, ?)", orphan.getId(), dead);

        List<dk.cardoffice.batch.launch.ExecutionRecovery.Recovered> decisions = recovery.recoverOrphans().stream()
                .filter(d -> d.failedExecutionId() == orphan.getId()).toList();

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.failedExecutionId()).isEqualTo(orphan.getId());
            assertThat(d.decision()).isEqualTo(dk.cardoffice.batch.launch.ExecutionRecovery.Decision.RESTARTED);
        });
        long restartedId = decisions.get(0).newExecutionId();
        JsonNode restarted = awaitEnd(restartedId);
        assertThat(restarted.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(restarted.get("recoveredFrom").asLong()).isEqualTo(orphan.getId());
        JsonNode old = JSON.readTree(get("/api/v1/ops/executions/" + orphan.getId(), "olga", "s3cret").body());
        assertThat(old.get("status").asString()).isEqualTo("FAILED");
        assertThat(old.get("runBy").asString()).contains("old-node").contains("4242");
        assertThat(old.get("recovery").get("decision").asString()).isEqualTo("RESTARTED");
        assertThat(old.get("recovery").get("reason").asString()).contains("old-node").contains("restarted as execution " + restartedId);
        assertThat(recovery.recoverOrphans()).as("recovered once").noneMatch(d -> d.failedExecutionId() == orphan.getId());
        JsonNode overview = JSON.readTree(get("/api/v1/ops/recovery", "olga", "s3cret").body());
        assertThat(overview.get("latestDecisions").toString()).contains("\"failedExecutionId\":" + orphan.getId());
    }

    /** An execution of card-order-export in the given state, as a process would have left it. */
    private org.springframework.batch.core.job.JobExecution fakeExecution(org.springframework.batch.core.BatchStatus status) {
        var parameters = new org.springframework.batch.core.job.parameters.JobParametersBuilder()
                .addString("launchedAt", java.util.UUID.randomUUID().toString(), true).toJobParameters();
        var instance = jobRepository.createJobInstance("card-order-export", parameters);
        var execution = jobRepository.createJobExecution(instance, parameters, new org.springframework.batch.infrastructure.item.ExecutionContext());
        execution.setStartTime(java.time.LocalDateTime.now().minusMinutes(5));
        execution.setStatus(status);
        if (!status.isRunning()) {
            execution.setEndTime(java.time.LocalDateTime.now().minusMinutes(4));
            execution.setExitStatus(org.springframework.batch.core.ExitStatus.FAILED);
        }
        jobRepository.update(execution);
        return execution;
    }

    private Path roster(String institution, String stamp, int pupils) throws IOException {
        StringBuilder csv = new StringBuilder("institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;start_date\r\n");
        for (int i = 0; i < pupils; i++) {
            csv.append(institution).append(";Klub Ærøhøj;CLUB;K-").append(i).append(';')
                    .append(String.format("%02d0315-%04d", 1 + i, 4000 + port % 1000)).append(";Åse;Ørsted;2025-08-01\r\n");
        }
        Path file = Files.createTempDirectory(Files.createDirectories(home.home().resolve("archive/enrolment")), "ops-").resolve("enrolment_" + institution + "_" + stamp + ".csv");
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
