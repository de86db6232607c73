package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.test.context.ContextConfiguration;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.LedgerVerifier;
import dk.cardoffice.ledger.card.Cards;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal API over real HTTP (the application on a random port), on H2 or PostgreSQL: the test
 * context, the ledger invariants checked after every test, and the calls and bodies the tests use.
 * The test classes share one context per database (same configuration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the second key is given only as its SHA-256 ("second-portal-key")
        "cardoffice.portal.api-keys=test-portal-key, sha256:1928a3cb6a0c19a8a5583f5a42be3d6a1804211523aa725adb92833636c2d930",
        "cardoffice.portal.max-deposit=2000", "cardoffice.portal.max-balance=5000",
        "cardoffice.security.users[0].name=operator", "cardoffice.security.users[0].password={noop}operator",
        "cardoffice.security.users[0].roles=OPERATOR"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class PortalApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AtomicInteger PEOPLE = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Accounts accounts;
    @Autowired
    Cards cards;
    @Autowired
    LedgerVerifier verifier;
    @Autowired
    dk.cardoffice.ledger.Ledger ledger;
    @Autowired
    dk.cardoffice.ledger.member.CprProtector cprs;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    IdempotentCalls idempotentCalls;
    @Autowired
    JsonMapper jsonMapper;
    @Autowired
    PortalProblems problems;
    @Autowired
    JobStarter jobs;
    @Value("${cardoffice.home}")
    String home;

    @AfterEach
    void ledgerInvariantsHold() {
        assertThat(verifier.verify().breaks()).isEmpty();
    }

    HttpResponse<String> cancelAsOperator(String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/ops/withdrawals/" + requestId + "/cancel"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("operator:operator".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    String currentCard(String accountNo) {
        return jdbc.queryForObject("select c.card_number from card c join account a on a.id = c.account_id where a.account_no = ? and c.status = 'ACTIVE'",
                String.class, accountNo);
    }

    static String replacement(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"deliveryName\":\"Mette Ærø\",\"address\":\"Bygaden 12\",\"postcode\":\"4000\",\"city\":\"Roskilde\"}";
    }

    static String link(String requestId, String childCpr, String cardNumber) {
        return "{\"requestId\":\"" + requestId + "\",\"childCpr\":\"" + childCpr + "\",\"cardNumber\":\"" + cardNumber + "\"}";
    }

    String newAccount() {
        return newAccount(null);
    }

    String newAccount(String cpr) {
        int n = PEOPLE.incrementAndGet() + port;
        String hmac = cpr == null ? String.format("%064x", (long) n * 7919 + System.nanoTime()) : cprs.hmac(dk.cardoffice.ledger.member.Cpr.parse(cpr));
        String masked = cpr == null ? "250309-xxxx" : dk.cardoffice.ledger.member.Cpr.parse(cpr).masked();
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, ?, 'Åse', 'Ørsted', 'ACTIVE')",
                hmac, masked);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        Accounts.MemberAccount account = accounts.openMemberAccount(memberId, "Åse Ørsted");
        cards.issueAndOrder(account.id(), "Åse Ørsted", Cards.OrderReason.FIRST, 0, new Cards.Delivery("Lindebjergskolen", null, null, null));
        return account.accountNo();
    }

    long balance(String accountNo) {
        return jdbc.queryForObject("select balance from account where account_no = ?", Long.class, accountNo);
    }

    static String deposit(String orderId, String accountNo, String amount) {
        return """
                {"orderId":"%s","accountNo":"%s","amount":"%s","acquirer":"WORLDLINE","transactionId":"T-%s","capturedAt":"2026-11-20T14:03:00+01:00"}"""
                .formatted(orderId, accountNo, amount, orderId);
    }

    static String withdrawal(String requestId, String accountNo, String amount, String regNo, String bankAccountNo, String text) {
        return """
                {"requestId":"%s","accountNo":"%s","amount":"%s","recipientName":"Mette Ærø","regNo":"%s","bankAccountNo":"%s",
                 "text":"%s","email":"mette.aero@example.dk"}""".formatted(requestId, accountNo, amount, regNo, bankAccountNo, text);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, "test-portal-key");
    }

    HttpResponse<String> send(String method, String path, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
