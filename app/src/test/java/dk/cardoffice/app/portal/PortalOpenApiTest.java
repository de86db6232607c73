package dk.cardoffice.app.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import dk.cardoffice.ledger.testing.TestDatabaseInitializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The served OpenAPI description matches the table of contract §7: every call, its fields, the API key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(properties = "cardoffice.test.database=H2")
class PortalOpenApiTest {

    /** Contract §7: method, path, and the fields of the request body (empty for none). */
    private static final Map<String, List<String>> CONTRACT = Map.ofEntries(
            Map.entry("POST /api/v1/deposits", List.of("orderId", "accountNo", "amount", "acquirer", "transactionId", "capturedAt")),
            Map.entry("POST /api/v1/withdrawals", List.of("requestId", "accountNo", "amount", "recipientName", "regNo", "bankAccountNo", "text",
                    "email")),
            Map.entry("GET /api/v1/accounts/{accountNo}", List.of()),
            Map.entry("GET /api/v1/accounts/{accountNo}/statement", List.of()),
            Map.entry("PUT /api/v1/accounts/{accountNo}/limits", List.of("schoolDaily", "clubDaily")),
            Map.entry("POST /api/v1/cards/{cardNumber}/block", List.of("requestId", "reason")),
            Map.entry("POST /api/v1/accounts/{accountNo}/replacement-cards", List.of("requestId", "deliveryName", "address", "postcode", "city")),
            Map.entry("POST /api/v1/guardians/{guardianCpr}/links", List.of("requestId", "childCpr", "cardNumber")),
            Map.entry("GET /api/v1/guardians/{guardianCpr}/accounts", List.of()),
            Map.entry("PUT /api/v1/accounts/{accountNo}/auto-topup", List.of("threshold", "amount", "subscriptionId")),
            Map.entry("DELETE /api/v1/accounts/{accountNo}/auto-topup", List.of()),
            Map.entry("PUT /api/v1/guardians/{guardianCpr}/notifications", List.of("requestId", "email", "dailyStatements", "lowBalanceThreshold")));

    @LocalServerPort
    int port;

    @Test
    void theServedDescriptionHasEveryCallOfTheContractWithItsFields() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode api = JsonMapper.builder().build().readTree(response.body());

        List<String> served = new ArrayList<>();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> served.add(op.getKey().toUpperCase() + " " + path.getKey())));
        assertThat(served).containsExactlyInAnyOrderElementsOf(CONTRACT.keySet());

        CONTRACT.forEach((call, fields) -> {
            if (fields.isEmpty()) {
                return;
            }
            String[] methodAndPath = call.split(" ");
            JsonNode body = api.get("paths").get(methodAndPath[1]).get(methodAndPath[0].toLowerCase()).get("requestBody");
            String ref = body.get("content").get("application/json").get("schema").get("$ref").asString();
            JsonNode schema = api.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
            List<String> properties = new ArrayList<>();
            schema.get("properties").properties().forEach(p -> properties.add(p.getKey()));
            assertThat(properties).as(call).containsExactlyInAnyOrderElementsOf(fields);
        });
        assertThat(api.get("components").get("securitySchemes").get("apiKey").get("name").asString()).isEqualTo("X-Api-Key");
        assertThat(api.get("paths").get("/api/v1/deposits").get("post").get("responses").get("201").get("content").toString())
                .contains("DepositAnswer");
        // every call names its refusals, as problem documents, beside its answer
        PortalOpenApi.REFUSALS.forEach((call, refusals) -> {
            String[] methodAndPath = call.split(" ");
            JsonNode responses = api.get("paths").get(methodAndPath[1]).get(methodAndPath[0].toLowerCase()).get("responses");
            List<String> codes = new ArrayList<>();
            responses.properties().forEach(r -> codes.add(r.getKey()));
            assertThat(codes).as(call).contains("401").containsAll(refusals.keySet());
            if (!CONTRACT.get(call).isEmpty()) {
                assertThat(codes).as(call + ": a body can be too large").contains("413");
            }
            assertThat(responses.get("401").get("content").has("application/problem+json")).as(call).isTrue();
        });
        assertThat(api.get("paths").get("/api/v1/accounts/{accountNo}/auto-topup").get("delete").get("responses").has("204")).isTrue();
        assertThat(PortalOpenApi.REFUSALS.keySet()).containsExactlyInAnyOrderElementsOf(CONTRACT.keySet());
    }
}
