package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import dk.cardoffice.ledger.SystemAccount;
import tools.jackson.databind.JsonNode;

/** The portal API of contract §7 over real HTTP: each call's answer and its main refusals. */
public abstract class PortalApiFunctionalTests extends PortalApiTestSupport {

    @Test
    void everyCallNeedsAValidApiKey() throws Exception {
        String accountNo = newAccount();
        HttpResponse<String> none = send("GET", "/api/v1/accounts/" + accountNo, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(send("GET", "/api/v1/accounts/" + accountNo, null, "wrong-key").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/accounts/" + accountNo, null, "test-portal-key").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/accounts/" + accountNo, null, "second-portal-key").statusCode()).isEqualTo(200);
    }

    @Test
    void aDepositCreditsTheAccountAndARepeatGetsTheSameAnswer() throws Exception {
        String accountNo = newAccount();
        String body = deposit("ORD-" + accountNo, accountNo, "200.00");

        HttpResponse<String> first = post("/api/v1/deposits", body);
        HttpResponse<String> repeat = post("/api/v1/deposits", body);

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.get("amount").asString()).isEqualTo("200.00");
        assertThat(answer.get("balance").asString()).isEqualTo("200.00");
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(balance(accountNo)).isEqualTo(200_00);
        assertThat(jdbc.queryForObject("select count(*) from deposit where order_id = ?", Long.class, "ORD-" + accountNo)).isEqualTo(1);
        assertThat(ledger.balance(accounts.systemAccountId(SystemAccount.ACQUIRER_WORLDLINE))).isNegative();

        HttpResponse<String> otherBody = post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "300.00"));
        assertThat(otherBody.statusCode()).isEqualTo(409);
    }

    @Test
    void depositsAreRefusedWithFieldLevelReasons() throws Exception {
        String accountNo = newAccount();
        HttpResponse<String> ore = post("/api/v1/deposits", deposit("ORD-A" + accountNo, accountNo, "200.50"));
        assertThat(ore.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(ore.body()).get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(JSON.readTree(ore.body()).get("detail").asString()).contains("hele danske kroner");

        assertThat(post("/api/v1/deposits", deposit("ORD-B" + accountNo, accountNo, "2500.00")).statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/deposits", deposit("ORD-C" + accountNo, "99999999", "100.00")).statusCode()).isEqualTo(422);
        post("/api/v1/deposits", deposit("ORD-D" + accountNo, accountNo, "2000.00"));
        post("/api/v1/deposits", deposit("ORD-E" + accountNo, accountNo, "2000.00"));
        HttpResponse<String> overMax = post("/api/v1/deposits", deposit("ORD-F" + accountNo, accountNo, "2000.00"));
        assertThat(overMax.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(overMax.body()).get("detail").asString()).contains("at most 5000.00 DKK");
        assertThat(balance(accountNo)).isEqualTo(4000_00);

        HttpResponse<String> bad = post("/api/v1/deposits", """
                {"orderId":"X1","accountNo":"%s","amount":"ti kroner","acquirer":"BAMBORA","transactionId":"t","capturedAt":"i går"}"""
                .formatted(accountNo));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("amount", "acquirer", "capturedAt");
        assertThat(post("/api/v1/deposits", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void aWithdrawalReservesTheAmountAndCannotExceedTheBalance() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "150.00"));

        HttpResponse<String> queued = post("/api/v1/withdrawals", withdrawal("W1-" + accountNo, accountNo, "100.00", "1234", "0012345678", "Lommepenge"));
        assertThat(queued.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(queued.body()).get("status").asString()).isEqualTo("QUEUED");
        assertThat(JSON.readTree(queued.body()).get("balance").asString()).isEqualTo("50.00");
        assertThat(ledger.balance(accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING))).isPositive();

        HttpResponse<String> tooMuch = post("/api/v1/withdrawals", withdrawal("W2-" + accountNo, accountNo, "50.01", "1234", "12345678", "x"));
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tooMuch.body()).get("detail").asString()).contains("the balance is 50.00 DKK");
        assertThat(post("/api/v1/withdrawals", withdrawal("W3-" + accountNo, accountNo, "50.00", "1234", "12345678", "x")).statusCode())
                .isEqualTo(201);
        assertThat(balance(accountNo)).isZero();

        HttpResponse<String> bad = post("/api/v1/withdrawals", withdrawal("W4-" + accountNo, accountNo, "1.00", "123", "12345678901",
                "a text that is far too long for a bank"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("regNo", "bankAccountNo", "text");
    }

    @Test
    void fiftyParallelWithdrawalsNeverOverdrawTheAccount() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "PW" + i + "-" + accountNo;
            calls.add(() -> post("/api/v1/withdrawals", withdrawal(id, accountNo, "7.00", "1234", "12345678", "p")).statusCode());
        }
        List<Integer> statuses = inParallel(calls);

        assertThat(statuses).containsOnly(201, 422);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(14);
        assertThat(balance(accountNo)).isEqualTo(100_00 - 14 * 7_00);
    }

    @Test
    void parallelRepeatsOfOneIdPostOnce() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        String body = withdrawal("SAME-" + accountNo, accountNo, "30.00", "1234", "12345678", "p");
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> post("/api/v1/withdrawals", body));
        }
        List<HttpResponse<String>> answers = inParallel(calls);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(201);
            assertThat(a.body()).isEqualTo(answers.get(0).body());
        });
        assertThat(balance(accountNo)).isEqualTo(70_00);
        assertThat(jdbc.queryForObject("select count(*) from withdrawal where request_id = ?", Long.class, "SAME-" + accountNo)).isEqualTo(1);
    }

    @Test
    void theAccountViewShowsMaskedCprBalanceCardsAndLimits() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "25.00"));

        HttpResponse<String> view = send("GET", "/api/v1/accounts/" + accountNo, null, "test-portal-key");

        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode account = JSON.readTree(view.body());
        assertThat(account.get("holderName").asString()).isEqualTo("Åse Ørsted");
        assertThat(account.get("cprMasked").asString()).matches("\\d{6}-xxxx");
        assertThat(account.get("balance").asString()).isEqualTo("25.00");
        assertThat(account.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(account.get("cards").get(0).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(account.get("dailyLimits").has("schoolDaily")).isTrue();
        assertThat(view.body()).doesNotContain("cpr_hmac");
        assertThat(send("GET", "/api/v1/accounts/00000000", null, "test-portal-key").statusCode()).isEqualTo(404);
    }

    @Test
    void blockingACardIsIdempotentAndABlockedCardStaysBlocked() throws Exception {
        String accountNo = newAccount();
        String card = currentCard(accountNo);
        String typed = card.substring(0, 4).toLowerCase() + "%20" + card.substring(4);

        HttpResponse<String> blocked = post("/api/v1/cards/" + typed + "/block", "{\"requestId\":\"B1-" + accountNo + "\",\"reason\":\"LOST\"}");
        HttpResponse<String> repeat = post("/api/v1/cards/" + typed + "/block", "{\"requestId\":\"B1-" + accountNo + "\",\"reason\":\"LOST\"}");
        HttpResponse<String> again = post("/api/v1/cards/" + card + "/block", "{\"requestId\":\"B2-" + accountNo + "\",\"reason\":\"STOLEN\"}");

        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(blocked.body()).get("status").asString()).isEqualTo("BLOCKED");
        assertThat(repeat.body()).isEqualTo(blocked.body());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("blockReason").asString()).isEqualTo("LOST");
        assertThat(post("/api/v1/cards/ZZZZZZZZ/block", "{\"requestId\":\"B3-" + accountNo + "\",\"reason\":\"LOST\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aReplacementCardBlocksTheOldOneOrdersANewOneAndChargesTheFee() throws Exception {
        String accountNo = newAccount();
        String old = currentCard(accountNo);
        HttpResponse<String> broke = post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R0-" + accountNo));
        assertThat(broke.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(broke.body()).get("detail").asString()).contains("45.00 DKK").contains("top up first");
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));

        HttpResponse<String> ordered = post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R1-" + accountNo));

        assertThat(ordered.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(ordered.body());
        assertThat(answer.get("fee").asString()).isEqualTo("45.00");
        assertThat(answer.get("balance").asString()).isEqualTo("55.00");
        assertThat(answer.get("blockedCardNumber").asString()).isEqualTo(old);
        String fresh = answer.get("newCardNumber").asString();
        assertThat(jdbc.queryForObject("select status from card where card_number = ?", String.class, old)).isEqualTo("REPLACED");
        assertThat(jdbc.queryForObject("select status from card where card_number = ?", String.class, fresh)).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("select o.reason || '|' || o.fee_ore || '|' || o.delivery_address from card_order o join card c on c.id = o.card_id"
                + " where c.card_number = ? and o.export_id is null", String.class, fresh)).isEqualTo("REPLACEMENT|4500|Bygaden 12");
        assertThat(post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("R1-" + accountNo)).body()).isEqualTo(ordered.body());
        assertThat(balance(accountNo)).isEqualTo(55_00);
    }

    /** The new card reaches the card vendor: it is in the next card order file, to the address the parent gave. */
    @Test
    void aReplacementIsInTheNextCardOrderFile() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        String fresh = JSON.readTree(post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("RO-" + accountNo)).body())
                .get("newCardNumber").asString();

        jobs.awaitEnd(jobs.start("card-order-export", java.util.Map.of()), java.time.Duration.ofMinutes(1));

        java.nio.file.Path outbox = java.nio.file.Path.of(home, "outbox", "card-orders");
        List<String> rows = new ArrayList<>();
        try (var files = java.nio.file.Files.list(outbox)) {
            for (java.nio.file.Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
                rows.addAll(java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(rows).filteredOn(row -> row.contains(";" + fresh + ";")).singleElement().satisfies(row -> assertThat(row)
                .contains(";" + accountNo + ";Åse Ørsted;REPLACEMENT;Mette Ærø;Bygaden 12;4000;Roskilde"));
    }

    /** A replacement charges money: parallel repeats of one order charge the fee once and order one card. */
    @Test
    void parallelRepeatsOfAReplacementOrderChargeTheFeeOnceAndOrderOneCard() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        String body = replacement("RP-" + accountNo);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> post("/api/v1/accounts/" + accountNo + "/replacement-cards", body));
        }
        List<HttpResponse<String>> answers = inParallel(calls);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(201);
            assertThat(a.body()).isEqualTo(answers.get(0).body());
        });
        assertThat(balance(accountNo)).isEqualTo(55_00);
        assertThat(jdbc.queryForObject("select count(*) from card c join account a on a.id = c.account_id where a.account_no = ?",
                Long.class, accountNo)).isEqualTo(2);
    }

    @Test
    void dailyLimitsAreSetPerKindOfPlace() throws Exception {
        String accountNo = newAccount();
        HttpResponse<String> set = send("PUT", "/api/v1/accounts/" + accountNo + "/limits", "{\"schoolDaily\":\"40.00\",\"clubDaily\":null}",
                "test-portal-key");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("dailyLimits").get("schoolDaily").asString()).isEqualTo("40.00");
        assertThat(JSON.readTree(set.body()).get("dailyLimits").get("clubDaily").isNull()).isTrue();
        assertThat(send("PUT", "/api/v1/accounts/" + accountNo + "/limits", "{\"schoolDaily\":\"-1.00\"}", "test-portal-key").statusCode())
                .isEqualTo(400);
        assertThat(send("PUT", "/api/v1/accounts/99999999/limits", "{\"schoolDaily\":\"10.00\"}", "test-portal-key").statusCode()).isEqualTo(404);
    }

    @Test
    void aGuardianLinksAChildByCprAndCardNumberAndSeesTheAccount() throws Exception {
        int n = PEOPLE.incrementAndGet();
        String childCpr = String.format("%02d0314-4%03d", 1 + n % 28, port % 1000);
        String accountNo = newAccount(childCpr);
        String card = currentCard(accountNo);
        String guardianCpr = String.format("1302%02d-1%03d", 70 + n % 20, port % 1000);

        HttpResponse<String> wrongCard = post("/api/v1/guardians/" + guardianCpr + "/links", link("L1-" + accountNo, childCpr, "00000000"));
        assertThat(wrongCard.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(wrongCard.body()).get("detail").asString()).isEqualTo("no child with that CPR number has that card number");

        HttpResponse<String> linked = post("/api/v1/guardians/" + guardianCpr + "/links", link("L2-" + accountNo, childCpr, card.toLowerCase()));
        assertThat(linked.statusCode()).isEqualTo(201);
        assertThat(linked.body()).contains(accountNo).doesNotContain(childCpr.substring(7));

        HttpResponse<String> mine = send("GET", "/api/v1/guardians/" + guardianCpr + "/accounts", null, "test-portal-key");
        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode accounts = JSON.readTree(mine.body());
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("accountNo").asString()).isEqualTo(accountNo);
        assertThat(accounts.get(0).get("cprMasked").asString()).isEqualTo(childCpr.substring(0, 6) + "-xxxx");
        assertThat(send("GET", "/api/v1/guardians/311399-1234/accounts", null, "test-portal-key").statusCode()).isEqualTo(400);
        assertThat(accounts.get(0).get("dailyStatements").asBoolean()).isTrue();
        assertThat(accounts.get(0).get("lowBalanceThreshold").asString()).isEqualTo("20.00");

        // the guardian's own notification settings (issue 17): where the statements go, whether, and the low-balance threshold
        String settings = "{\"requestId\":\"N1-" + accountNo + "\",\"email\":\"forælder" + n + "@example.dk\",\"dailyStatements\":false,"
                + "\"lowBalanceThreshold\":\"35.50\"}";
        HttpResponse<String> set = send("PUT", "/api/v1/guardians/" + guardianCpr + "/notifications", settings, "test-portal-key");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("lowBalanceThreshold").asString()).isEqualTo("35.50");
        assertThat(send("PUT", "/api/v1/guardians/" + guardianCpr + "/notifications", settings, "test-portal-key").body()).isEqualTo(set.body());
        JsonNode after = JSON.readTree(send("GET", "/api/v1/guardians/" + guardianCpr + "/accounts", null, "test-portal-key").body()).get(0);
        assertThat(after.get("email").asString()).isEqualTo("forælder" + n + "@example.dk");
        assertThat(after.get("dailyStatements").asBoolean()).isFalse();
        assertThat(after.get("lowBalanceThreshold").asString()).isEqualTo("35.50");
        assertThat(send("PUT", "/api/v1/guardians/" + guardianCpr + "/notifications", settings.replace("forælder", "ikke en adresse "), "test-portal-key")
                .statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/guardians/010101-1" + String.format("%03d", port % 1000) + "/notifications",
                settings.replace("N1-", "N2-"), "test-portal-key").statusCode()).isEqualTo(404);
    }

    @Test
    void theStatementRunsFromOpeningToClosingBalance() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        post("/api/v1/withdrawals", withdrawal("W-" + accountNo, accountNo, "14.00", "1234", "12345678", "x"));
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Copenhagen")).toString();

        HttpResponse<String> response = send("GET", "/api/v1/accounts/" + accountNo + "/statement?from=2026-11-20&to=" + today, null,
                "test-portal-key");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode statement = JSON.readTree(response.body());
        assertThat(statement.get("openingBalance").asString()).isEqualTo("0.00");
        assertThat(statement.get("movements")).extracting(m -> m.get("type").asString() + " " + m.get("amount").asString() + " "
                + m.get("runningBalance").asString()).containsExactly("Indsat 100.00 100.00", "Udbetalt -14.00 86.00");
        assertThat(statement.get("closingBalance").asString()).isEqualTo("86.00");
        assertThat(send("GET", "/api/v1/accounts/" + accountNo + "/statement?from=x&to=" + today, null, "test-portal-key").statusCode())
                .isEqualTo(400);
    }

    @Test
    void automaticTopUpSettingsAreStoredAndRemoved() throws Exception {
        String accountNo = newAccount();
        HttpResponse<String> set = send("PUT", "/api/v1/accounts/" + accountNo + "/auto-topup",
                "{\"threshold\":\"20.00\",\"amount\":\"100.00\",\"subscriptionId\":\"SUB-1\"}", "test-portal-key");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select amount_ore from auto_topup a join account c on c.id = a.account_id where c.account_no = ?",
                Long.class, accountNo)).isEqualTo(100_00);
        assertThat(send("DELETE", "/api/v1/accounts/" + accountNo + "/auto-topup", null, "test-portal-key").statusCode()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select count(*) from auto_topup a join account c on c.id = a.account_id where c.account_no = ?",
                Long.class, accountNo)).isZero();
    }

    /** Settings replaced by several calls at once: they take turns, each answers 200 and one setting stands. */
    @Test
    void settingsChangedByParallelCallsTakeTurns() throws Exception {
        String accountNo = newAccount();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String amount = (i * 10) + ".00";
            calls.add(() -> send("PUT", "/api/v1/accounts/" + accountNo + "/limits", "{\"schoolDaily\":\"" + amount + "\",\"clubDaily\":\""
                    + amount + "\"}", "test-portal-key").statusCode());
            calls.add(() -> send("PUT", "/api/v1/accounts/" + accountNo + "/auto-topup", "{\"threshold\":\"20.00\",\"amount\":\"" + amount
                    + "\",\"subscriptionId\":\"SUB\"}", "test-portal-key").statusCode());
        }
        assertThat(inParallel(calls)).containsOnly(200);
        assertThat(jdbc.queryForObject("select count(*) from daily_limit l join account a on a.id = l.account_id where a.account_no = ?",
                Long.class, accountNo)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(distinct limit_ore) from daily_limit l join account a on a.id = l.account_id"
                + " where a.account_no = ?", Long.class, accountNo)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from auto_topup t join account a on a.id = t.account_id where a.account_no = ?",
                Long.class, accountNo)).isEqualTo(1);
    }

    @Test
    void anOperatorCancelsAQueuedWithdrawalAndTheMoneyComesBack() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "50.00"));
        post("/api/v1/withdrawals", withdrawal("WC-" + accountNo, accountNo, "50.00", "1234", "12345678", "x"));
        assertThat(balance(accountNo)).isZero();

        assertThat(cancelAsOperator("WC-" + accountNo).statusCode()).isEqualTo(200);
        assertThat(balance(accountNo)).isEqualTo(50_00);
        assertThat(jdbc.queryForObject("select status from withdrawal where request_id = ?", String.class, "WC-" + accountNo)).isEqualTo("CANCELLED");
        assertThat(cancelAsOperator("WC-" + accountNo).statusCode()).isEqualTo(422);
        assertThat(balance(accountNo)).isEqualTo(50_00);
    }

    @Test
    void aParentsBlockReplacesTheLeftSchoolReasonSoTheCardIsNotOpenedAgainAutomatically() throws Exception {
        String accountNo = newAccount();
        String card = currentCard(accountNo);
        jdbc.update("update card set status = 'BLOCKED', block_reason = 'NO_ENROLMENT' where card_number = ?", card);

        HttpResponse<String> blocked = post("/api/v1/cards/" + card + "/block", "{\"requestId\":\"BS-" + accountNo + "\",\"reason\":\"STOLEN\"}");

        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select block_reason from card where card_number = ?", String.class, card)).isEqualTo("STOLEN");
    }

    @Test
    void aReplacementForAMemberWithNoEnrolmentIsIssuedBlocked() throws Exception {
        String accountNo = newAccount();
        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "100.00"));
        jdbc.update("update member set status = 'INACTIVE' where id = (select member_id from account where account_no = ?)", accountNo);

        HttpResponse<String> ordered = post("/api/v1/accounts/" + accountNo + "/replacement-cards", replacement("RI-" + accountNo));

        assertThat(ordered.statusCode()).isEqualTo(201);
        String fresh = JSON.readTree(ordered.body()).get("newCardNumber").asString();
        assertThat(jdbc.queryForObject("select status || '|' || block_reason from card where card_number = ?", String.class, fresh))
                .isEqualTo("BLOCKED|NO_ENROLMENT");
    }

    @Test
    void aDepositIsBookedWhenCreditedAndKeepsTheCaptureTime() throws Exception {
        String accountNo = newAccount();
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);

        post("/api/v1/deposits", deposit("ORD-" + accountNo, accountNo, "20.00"));

        java.sql.Timestamp booked = jdbc.queryForObject("select booked_at from movement where type = 'DEPOSIT' and business_key = ?",
                java.sql.Timestamp.class, "ORD-" + accountNo);
        java.sql.Timestamp captured = jdbc.queryForObject("select captured_at from deposit where order_id = ?", java.sql.Timestamp.class,
                "ORD-" + accountNo);
        assertThat(booked.toInstant()).isAfter(before);
        assertThat(captured.toInstant()).isEqualTo(java.time.Instant.parse("2026-11-20T13:03:00Z"));
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        HttpResponse<String> huge = post("/api/v1/deposits", "{\"orderId\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
    }
}
