package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dk.cardoffice.ledger.SystemAccount;
import tools.jackson.databind.JsonNode;

/**
 * Every refusal of contract §7 that the other test classes do not already make, one test per call:
 * the status, the field named in the problem document, and that nothing changed.
 */
public abstract class PortalRefusalsFunctionalTests extends PortalApiTestSupport {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    @Test
    void depositsOfNothingOrOntoAClosedAccountAreRefused() throws Exception {
        String accountNo = newAccount();
        assertRefused(post("/api/v1/deposits", deposit("Z-" + accountNo, accountNo, "0.00")), 422, "amount");
        assertRefused(post("/api/v1/deposits", deposit("N-" + accountNo, accountNo, "-5.00")), 422, "amount");
        assertRefused(post("/api/v1/deposits", "{\"orderId\":\"E-" + accountNo + "\"}"), 400, "accountNo", "amount", "acquirer",
                "transactionId", "capturedAt");
        jdbc.update("update account set status = 'CLOSED' where account_no = ?", accountNo);
        HttpResponse<String> closed = post("/api/v1/deposits", deposit("C-" + accountNo, accountNo, "100.00"));
        assertRefused(closed, 422, "accountNo");
        assertThat(detail(closed)).contains("is closed");
        assertThat(balance(accountNo)).isZero();
    }

    @Test
    void withdrawalsWithoutARecipientToNobodyOrOfNothingAreRefused() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        String noName = withdrawal("W1-" + accountNo, accountNo, "10.00", "1234", "12345678", "x").replace("Mette Ærø", " ");
        assertRefused(post("/api/v1/withdrawals", noName), 400, "recipientName");
        String badMail = withdrawal("W2-" + accountNo, accountNo, "10.00", "1234", "12345678", "x").replace("mette.aero@example.dk", "mette");
        assertRefused(post("/api/v1/withdrawals", badMail), 400, "email");
        String longMail = withdrawal("W3-" + accountNo, accountNo, "10.00", "1234", "12345678", "x")
                .replace("mette.aero@example.dk", "m".repeat(250) + "@example.dk");
        assertRefused(post("/api/v1/withdrawals", longMail), 400, "email");
        assertRefused(post("/api/v1/withdrawals", withdrawal("W4-" + accountNo, accountNo, "0.00", "1234", "12345678", "x")), 422, "amount");
        // the request id is the EndToEndId of the payout file (Max35Text)
        assertRefused(post("/api/v1/withdrawals", withdrawal("W5-" + "x".repeat(33), accountNo, "10.00", "1234", "12345678", "x")), 400, "requestId");
        assertRefused(post("/api/v1/withdrawals", withdrawal("W5-" + accountNo, "99999999", "10.00", "1234", "12345678", "x")), 422,
                "accountNo");

        assertThat(post("/api/v1/withdrawals", withdrawal("W6-" + accountNo, accountNo, "10.00", "1234", "12345678", "x")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> otherBody = post("/api/v1/withdrawals", withdrawal("W6-" + accountNo, accountNo, "20.00", "1234", "12345678", "x"));
        assertThat(otherBody.statusCode()).isEqualTo(409);
        assertThat(otherBody.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(balance(accountNo)).isEqualTo(90_00);
    }

    @Test
    void blockingNeedsAReasonAndAnIdIsForOneRequest() throws Exception {
        String accountNo = newAccount();
        String card = currentCard(accountNo);
        assertRefused(post("/api/v1/cards/" + card + "/block", "{\"requestId\":\"B1-" + accountNo + "\"}"), 400, "reason");
        assertThat(post("/api/v1/cards/" + card + "/block", "{\"requestId\":\"B2-" + accountNo + "\",\"reason\":\"LOST\"}").statusCode())
                .isEqualTo(200);
        // the same card typed another way under the same id is the same request
        String typed = card.substring(0, 4).toLowerCase() + "%20" + card.substring(4);
        assertThat(post("/api/v1/cards/" + typed + "/block", "{\"requestId\":\"B2-" + accountNo + "\",\"reason\":\"LOST\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/v1/cards/" + card + "/block", "{\"requestId\":\"B2-" + accountNo + "\",\"reason\":\"STOLEN\"}").statusCode())
                .isEqualTo(409);
    }

    /** A comma in a field must not let two different requests read as one (the idempotency hash is of the JSON). */
    @Test
    void twoRequestsThatOnlyDifferInWhereACommaStandsAreTwoRequests() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        String id = "RC-" + accountNo;
        String first = "{\"requestId\":\"" + id + "\",\"deliveryName\":\"X, address=Y\",\"address\":\"Z\",\"postcode\":\"4000\",\"city\":\"Roskilde\"}";
        String second = "{\"requestId\":\"" + id + "\",\"deliveryName\":\"X\",\"address\":\"Y, address=Z\",\"postcode\":\"4000\",\"city\":\"Roskilde\"}";
        assertThat(post("/api/v1/accounts/" + accountNo + "/replacement-cards", first).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/accounts/" + accountNo + "/replacement-cards", second).statusCode()).isEqualTo(409);
    }

    @Test
    void replacementsNeedAnAccountAndAnAddressAndTheFeeIsCardFeeIncome() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        assertThat(post("/api/v1/accounts/99999999/replacement-cards", replacement("R0-" + accountNo)).statusCode()).isEqualTo(404);
        assertRefused(post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R1-" + accountNo).replace("4000", "40")), 400,
                "postcode");
        long incomeBefore = ledger.balance(accounts.systemAccountId(SystemAccount.CARD_FEE_INCOME));

        assertThat(post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R2-" + accountNo)).statusCode()).isEqualTo(201);

        assertThat(ledger.balance(accounts.systemAccountId(SystemAccount.CARD_FEE_INCOME)) - incomeBefore).as("the fee moved from the member to card-fee income").isEqualTo(45_00);
        assertThat(post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R2-" + accountNo).replace("Roskilde", "Køge"))
                .statusCode()).isEqualTo(409);
        assertThat(balance(accountNo)).isEqualTo(55_00);
    }

    /** The parent letter: the first card is free. An account that never had a card gets its first one without a fee. */
    @Test
    void anAccountThatNeverHadACardGetsItsFirstFree() throws Exception {
        String accountNo = newAccount();
        jdbc.update("delete from card_order where card_id in (select c.id from card c join account a on a.id = c.account_id where a.account_no = ?)",
                accountNo);
        jdbc.update("delete from card where account_id = (select id from account where account_no = ?)", accountNo);

        HttpResponse<String> ordered = post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("F1-" + accountNo));

        assertThat(ordered.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(ordered.body()).get("fee").asString()).isEqualTo("0.00");
        assertThat(JSON.readTree(ordered.body()).get("blockedCardNumber").isNull()).isTrue();
        assertThat(jdbc.queryForObject("select o.reason || '|' || o.fee_ore from card_order o join card c on c.id = o.card_id"
                + " join account a on a.id = c.account_id where a.account_no = ?", String.class, accountNo)).isEqualTo("FIRST|0");
        assertThat(balance(accountNo)).isZero();
    }

    /** Whichever of CPR number and card number is wrong, the answer is the same: it never tells which. */
    @Test
    void aLinkWithTheRightCardButAnotherChildIsRefusedJustLikeAWrongCard() throws Exception {
        int n = PEOPLE.incrementAndGet();
        String childCpr = String.format("%02d0515-4%03d", 1 + n % 28, port % 1000);
        String otherChild = String.format("%02d0616-4%03d", 1 + n % 28, port % 1000);
        String accountNo = newAccount(childCpr);
        String card = currentCard(accountNo);
        newAccount(otherChild);
        String guardian = String.format("1402%02d-1%03d", 70 + n % 20, port % 1000);

        HttpResponse<String> wrongChild = post("/api/v1/guardians/" + guardian + "/links", link("LC-" + accountNo, otherChild, card));
        HttpResponse<String> wrongCard = post("/api/v1/guardians/" + guardian + "/links", link("LD-" + accountNo, childCpr, "00000000"));

        assertThat(wrongChild.statusCode()).isEqualTo(404);
        assertThat(detail(wrongChild)).isEqualTo(detail(wrongCard)).isEqualTo("no child with that CPR number has that card number");
        assertRefused(post("/api/v1/guardians/" + guardian + "/links", link("LE-" + accountNo, "3113991234", card)), 400, "childCpr");
        assertThat(post("/api/v1/guardians/" + guardian + "/links", link("LF-" + accountNo, childCpr, card)).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/guardians/" + guardian + "/links", link("LF-" + accountNo, childCpr, "00000000")).statusCode()).isEqualTo(409);
        assertThat(send("GET", "/api/v1/guardians/" + guardian + "/accounts", null, "test-portal-key").body()).contains(accountNo);
    }

    @Test
    void aStatementNeedsAnAccountAndTwoDatesInOrder() throws Exception {
        String accountNo = newAccount();
        String base = "/api/v1/accounts/" + accountNo + "/statement";
        assertRefused(send("GET", base + "?from=2026-11-30&to=2026-11-01", null, "test-portal-key"), 422, "to");
        assertRefused(send("GET", base + "?to=2026-11-01", null, "test-portal-key"), 400, "from");
        assertThat(send("GET", "/api/v1/accounts/99999999/statement?from=2026-11-01&to=2026-11-30", null, "test-portal-key").statusCode())
                .isEqualTo(404);
    }

    /** The seed's Kontoudtog: a purchase shows its items ("1x Ostehøps 3.00 …"), posted from a real terminal file. */
    @Test
    void aPurchaseShowsItsItemsInTheStatement() throws Exception {
        String accountNo = newAccount();
        String card = currentCard(accountNo);
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        jdbc.update("insert into institution (institution_no, name, type) select '265011', 'Lindebjergskolen', 'SCHOOL'"
                + " where not exists (select 1 from institution where institution_no = '265011')");
        // formatted, not toString(): LocalDateTime drops ":00" seconds on a whole minute, which the sales feed rejects
        String soldAt = LocalDateTime.now(COPENHAGEN).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        String terminal = "KANTINE-" + accountNo;
        Path file = Files.createTempDirectory(Files.createDirectories(Path.of(home, "archive", "sales")), "test-").resolve("sales_" + terminal + "_20261120143000.csv");
        Files.writeString(file, "terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n"
                + terminal + ";265011;000101;" + soldAt + ";" + card + ";SALE;1001;Ostehøps;1;3.00\n"
                + terminal + ";265011;000101;" + soldAt + ";" + card + ";SALE;1002;Yoghurt;1;6.00\n"
                + terminal + ";265011;000101;" + soldAt + ";" + card + ";SALE;1003;Stor Grovbolle;1;5.00\n"
                + "#TRAILER;3;14.00\n", StandardCharsets.UTF_8);
        jobs.awaitEnd(jobs.start("sales-posting", Map.of("file", file.toString())), Duration.ofMinutes(1));

        String tomorrow = LocalDate.now(COPENHAGEN).plusDays(1).toString();
        JsonNode statement = JSON.readTree(send("GET", "/api/v1/accounts/" + accountNo + "/statement?from=2026-11-01&to=" + tomorrow, null,
                "test-portal-key").body());

        JsonNode purchase = statement.get("movements").get(1);
        assertThat(purchase.get("type").asString()).isEqualTo("Hævet");
        assertThat(purchase.get("text").asString()).isEqualTo("1x Ostehøps 3.00 1x Yoghurt 6.00 1x Stor Grovbolle 5.00");
        assertThat(purchase.get("items")).extracting(i -> i.get("quantity").asInt() + "x " + i.get("name").asString() + " " + i.get("amount").asString())
                .containsExactly("1x Ostehøps 3.00", "1x Yoghurt 6.00", "1x Stor Grovbolle 5.00");
        assertThat(purchase.get("amount").asString()).isEqualTo("-14.00");
        assertThat(purchase.get("runningBalance").asString()).isEqualTo("86.00");
        assertThat(statement.get("movements").get(0).get("items")).isEmpty();
        assertThat(statement.get("closingBalance").asString()).isEqualTo("86.00");
    }

    @Test
    void automaticTopUpsAreWholeKronerAboveNothingOnAnAccountThatExists() throws Exception {
        String accountNo = newAccount();
        String path = "/api/v1/accounts/" + accountNo + "/auto-topup";
        assertRefused(send("PUT", path, "{\"threshold\":\"20.00\",\"amount\":\"100.50\",\"subscriptionId\":\"SUB-1\"}", "test-portal-key"), 422,
                "amount");
        assertRefused(send("PUT", path, "{\"threshold\":\"-5.00\",\"amount\":\"100.00\",\"subscriptionId\":\"SUB-1\"}", "test-portal-key"), 400,
                "threshold");
        assertRefused(send("PUT", path, "{\"threshold\":\"20.00\",\"amount\":\"100.00\"}", "test-portal-key"), 400, "subscriptionId");
        // above the maximum deposit (2000 here), or able to lift the balance past the maximum balance (5000 here)
        assertRefused(send("PUT", path, "{\"threshold\":\"20.00\",\"amount\":\"2500.00\",\"subscriptionId\":\"S\"}", "test-portal-key"), 422,
                "amount");
        assertRefused(send("PUT", path, "{\"threshold\":\"3500.00\",\"amount\":\"2000.00\",\"subscriptionId\":\"S\"}", "test-portal-key"),
                422, "threshold");
        assertThat(send("PUT", "/api/v1/accounts/99999999/auto-topup", "{\"threshold\":\"20.00\",\"amount\":\"100.00\",\"subscriptionId\":\"S\"}",
                "test-portal-key").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from auto_topup a join account c on c.id = a.account_id where c.account_no = ?",
                Long.class, accountNo)).isZero();
    }

    @Test
    void writesWithoutAValidKeyAreRefusedAndChangeNothing() throws Exception {
        String accountNo = newAccount();
        HttpResponse<String> noKey = send("POST", "/api/v1/deposits", deposit("K1-" + accountNo, accountNo, "100.00"), null);
        HttpResponse<String> wrongKey = send("POST", "/api/v1/withdrawals", withdrawal("K2-" + accountNo, accountNo, "1.00", "1234", "1", "x"),
                "wrong-key");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(balance(accountNo)).isZero();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String... fields) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("errors")).extracting(e -> e.get("field").asString()).containsExactlyInAnyOrder(fields);
    }

    private static String detail(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("detail").asString();
    }
}
