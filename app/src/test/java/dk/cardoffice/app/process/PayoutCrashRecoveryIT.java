package dk.cardoffice.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.JsonNode;

/**
 * The real service killed with SIGKILL after the payout run claimed its withdrawals (before the rename), after the
 * rename (before the database knew), and half-way through the bank's status report, then started again: every
 * withdrawal is in exactly one payout file, each file exists in one version, every bank status is applied once, the
 * balances equal the test's own model and verify-ledger is clean. PostgreSQL and the H2 file database.
 */
class PayoutCrashRecoveryIT {

    private static final Pattern END_TO_END = Pattern.compile("<EndToEndId>([^<]+)</EndToEndId>");

    @TempDir
    Path work;

    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, String> accountOf = new HashMap<>();
    private final Map<String, Long> amountOf = new HashMap<>();
    private int requests;

    @ParameterizedTest
    @EnumSource(CrashRecoveryIT.Database.class)
    void killsAroundThePayoutFileAndTheBankReportLoseAndDoubleNothing(CrashRecoveryIT.Database database) throws IOException {
        World world = new World(new Random(16));
        String smallChunks = "--cardoffice.payout.status-chunk-size=3";
        try (ServiceProcess service = new ServiceProcess(work, CrashRecoveryIT.databaseArguments(database))) {
            service.start(null, smallChunks);
            World.Dropped roster = world.enrolment(service, 8);
            ServiceProcess.await("the roster's receipt", Duration.ofSeconds(90), () -> World.receiptWritten(service, roster));
            world.learnCards(service);
            for (String accountNo : world.topUpEach(service, "300")) {
                balances.put(accountNo, 300_00L);
            }
            List<String> first = withdrawEach(service, 25_00);

            // 1. killed after the claim committed, before the file was renamed into place
            service.kill();
            service.start("payout-run.claimed", smallChunks);
            assertThat(service.post("/api/v1/ops/jobs/payout-run", "{}").statusCode()).isEqualTo(202);
            ServiceProcess.await("the claim", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
            service.kill();
            service.start(null, smallChunks);
            awaitEveryFileWritten(service, 1);

            // 2. new withdrawals; killed after the rename, before the database knew, and the bank fetches the file meanwhile
            List<String> second = withdrawEach(service, 40_00);
            service.kill();
            service.start("payout-run.published", smallChunks);
            assertThat(service.post("/api/v1/ops/jobs/payout-run", "{}").statusCode()).isEqualTo(202);
            ServiceProcess.await("the rename", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
            service.kill();
            Map<String, List<String>> sent = payoutFiles(service);
            assertThat(sent).hasSize(2);
            Path fetched = work.resolve("fetched-by-the-bank");
            Files.createDirectories(fetched);
            for (String name : List.copyOf(sent.keySet())) {
                Files.move(service.home().resolve("outbox/payouts").resolve(name), fetched.resolve(name));
            }
            service.start(null, smallChunks);
            awaitEveryFileWritten(service, 2);
            assertThat(payoutFiles(service)).as("no file is made a second time").isEmpty();

            List<String> everyEndToEnd = new ArrayList<>();
            List<String> msgIds = new ArrayList<>();
            try (Stream<Path> files = Files.list(fetched)) {
                for (Path file : files.sorted().toList()) {
                    String xml = Files.readString(file);
                    Matcher m = END_TO_END.matcher(xml);
                    while (m.find()) {
                        everyEndToEnd.add(m.group(1));
                    }
                    Matcher msg = Pattern.compile("<MsgId>([^<]+)</MsgId>").matcher(xml);
                    assertThat(msg.find()).isTrue();
                    msgIds.add(msg.group(1));
                }
            }
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            assertThat(everyEndToEnd).as("every withdrawal in exactly one file").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);

            // 3. the bank answers both files: every third rejected; killed after the second chunk of statuses
            StringBuilder answers = new StringBuilder();
            for (int f = 0; f < 2; f++) {
                List<String> ids = f == 0 ? first : second;
                StringBuilder txs = new StringBuilder();
                for (int i = 0; i < ids.size(); i++) {
                    boolean rejected = i % 3 == 0;
                    txs.append("<TxInfAndSts><OrgnlEndToEndId>").append(ids.get(i)).append("</OrgnlEndToEndId><TxSts>").append(rejected ? "RJCT" : "ACSC")
                            .append("</TxSts>").append(rejected ? "<StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>" : "").append("</TxInfAndSts>");
                    if (rejected) {
                        balances.merge(accountOf.get(ids.get(i)), amountOf.get(ids.get(i)), Long::sum);
                    }
                }
                answers.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">")
                        .append("<CstmrPmtStsRpt><GrpHdr><MsgId>PSR-").append(f).append("</MsgId><CreDtTm>2026-12-07T07:00:00</CreDtTm></GrpHdr>")
                        .append("<OrgnlGrpInfAndSts><OrgnlMsgId>").append(msgIds.get(f)).append("</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>")
                        .append("<GrpSts>PART</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>").append(msgIds.get(f))
                        .append("-1</OrgnlPmtInfId>").append(txs).append("</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n");
                if (f == 0) {
                    service.kill();
                    service.start("bank-status-import.chunk-applied:1", smallChunks);
                    service.drop("bank-status", "pain002_bank_20261207070000.xml", answers.toString());
                    ServiceProcess.await("the second chunk of statuses", Duration.ofSeconds(90), () -> Files.exists(service.marker()));
                    service.kill();
                    service.start(null, smallChunks);
                } else {
                    service.drop("bank-status", "pain002_bank_20261207070100.xml", answers.substring(answers.indexOf("<?xml", 1)));
                }
            }
            ServiceProcess.await("every withdrawal answered", Duration.ofSeconds(120), () -> all.stream().allMatch(id -> {
                String status = status(service, id);
                return status.equals("CONFIRMED") || status.equals("REJECTED");
            }));

            for (int i = 0; i < first.size(); i++) {
                assertThat(status(service, first.get(i))).isEqualTo(i % 3 == 0 ? "REJECTED" : "CONFIRMED");
            }
            for (int i = 0; i < second.size(); i++) {
                assertThat(status(service, second.get(i))).isEqualTo(i % 3 == 0 ? "REJECTED" : "CONFIRMED");
            }
            for (Map.Entry<String, Long> account : balances.entrySet()) {
                JsonNode view = service.getJson("/api/v1/accounts/" + account.getKey());
                assertThat(new BigDecimal(view.path("balance").asString()).movePointRight(2).longValueExact()).as("balance of %s", account.getKey())
                        .isEqualTo(account.getValue());
            }
            service.terminate();
            String verify = service.verifyLedger();
            assertThat(verify).as(verify).startsWith("exit 0");
        }
    }

    /** One withdrawal of {@code ore} from every account, through the portal. */
    private List<String> withdrawEach(ServiceProcess service, long ore) {
        List<String> ids = new ArrayList<>();
        for (String accountNo : balances.keySet()) {
            String requestId = "W-KILL-" + (++requests);
            String amount = new BigDecimal(ore).movePointLeft(2).toPlainString();
            assertThat(service.post("/api/v1/withdrawals", "{\"requestId\":\"" + requestId + "\",\"accountNo\":\"" + accountNo + "\",\"amount\":\""
                    + amount + "\",\"recipientName\":\"Åse Ørum\",\"regNo\":\"1234\",\"bankAccountNo\":\"12345678\",\"text\":\"Udbetaling\","
                    + "\"email\":\"aase@example.dk\"}").statusCode()).isEqualTo(201);
            balances.merge(accountNo, -ore, Long::sum);
            accountOf.put(requestId, accountNo);
            amountOf.put(requestId, ore);
            ids.add(requestId);
        }
        return ids;
    }

    private static void awaitEveryFileWritten(ServiceProcess service, int files) {
        ServiceProcess.await(files + " payout file(s) WRITTEN", Duration.ofSeconds(90), () -> {
            JsonNode listed = service.getJson("/api/v1/ops/payouts/files");
            int written = 0;
            for (JsonNode f : listed) {
                written += f.path("status").asString().equals("WRITTEN") ? 1 : 0;
            }
            return listed.size() == files && written == files;
        });
    }

    /** The payout files in the outbox, by name, with their end-to-end ids. */
    private static Map<String, List<String>> payoutFiles(ServiceProcess service) {
        Map<String, List<String>> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.list(service.home().resolve("outbox/payouts"))) {
            for (Path file : all.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                List<String> ids = new ArrayList<>();
                Matcher m = END_TO_END.matcher(Files.readString(file));
                while (m.find()) {
                    ids.add(m.group(1));
                }
                files.put(file.getFileName().toString(), ids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String status(ServiceProcess service, String requestId) {
        for (JsonNode f : service.getJson("/api/v1/ops/payouts/files")) {
            for (JsonNode w : service.getJson("/api/v1/ops/payouts/files/" + f.path("msgId").asString() + "/withdrawals")) {
                if (w.path("requestId").asString().equals(requestId)) {
                    return w.path("status").asString();
                }
            }
        }
        return "NOT IN ANY FILE";
    }
}
