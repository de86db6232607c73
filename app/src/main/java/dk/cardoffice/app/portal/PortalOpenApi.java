package dk.cardoffice.app.portal;

import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description of the portal API at /v3/api-docs (contract §7), with the refusals each
 * call can answer as problem documents (the same list as docs/portal-api.md), so the portal team
 * sees them without reading our code.
 */
@Configuration(proxyBeanMethods = false)
public class PortalOpenApi {

    /** Per call, beyond 401 (every call) and 413 (every call with a body): the refusals it answers, by status. */
    static final Map<String, Map<String, String>> REFUSALS = Map.ofEntries(
            Map.entry("POST /api/v1/deposits", Map.of("400", "a field missing or malformed", "409", "the orderId was used for another request",
                    "422", "not whole DKK or not above 0, above the maximum deposit, the balance would pass the"
                            + " maximum, unknown or closed account, the order recorded before")),
            Map.entry("POST /api/v1/withdrawals", Map.of("400", "a field missing or malformed (regNo 4 digits, bankAccountNo 1-10 digits,"
                    + " text at most 20 characters, e-mail)", "409", "the requestId was used for another request",
                    "422", "more than the balance, not above 0, unknown account")),
            Map.entry("GET /api/v1/accounts/{accountNo}", Map.of("404", "no such account")),
            Map.entry("GET /api/v1/accounts/{accountNo}/statement", Map.of("400", "from or to missing or not yyyy-MM-dd", "404", "no such account",
                    "422", "to is before from")),
            Map.entry("PUT /api/v1/accounts/{accountNo}/limits", Map.of("400", "a limit below 0 or malformed", "404", "no such account")),
            Map.entry("POST /api/v1/cards/{cardNumber}/block", Map.of("400", "requestId or reason missing", "404", "no such card",
                    "409", "the requestId was used for another request")),
            Map.entry("POST /api/v1/accounts/{accountNo}/replacement-cards", Map.of("400", "a field missing, postcode not 4 digits",
                    "404", "no such account", "409", "the requestId was used for another request",
                    "422", "the balance does not cover the fee: top up first")),
            Map.entry("POST /api/v1/guardians/{guardianCpr}/links", Map.of("400", "a CPR number invalid, a field missing",
                    "404", "no child with that CPR number has that card number (never which of the two was wrong)",
                    "409", "the requestId was used for another request")),
            Map.entry("GET /api/v1/guardians/{guardianCpr}/accounts", Map.of("400", "the CPR number is invalid")),
            Map.entry("PUT /api/v1/accounts/{accountNo}/auto-topup", Map.of("400", "threshold below 0, a field missing", "404", "no such account",
                    "422", "amount not whole DKK above 0, above the maximum deposit, or threshold and amount above the maximum balance")),
            Map.entry("DELETE /api/v1/accounts/{accountNo}/auto-topup", Map.of("404", "no such account")),
            Map.entry("PUT /api/v1/guardians/{guardianCpr}/notifications", Map.of("400", "the CPR number invalid, requestId or dailyStatements missing,"
                    + " e-mail not an address, threshold below 0", "404", "the guardian manages no account", "409", "the requestId was used for another request")));

    @Bean
    OpenAPI portalApiDescription() {
        return new OpenAPI()
                .info(new Info().title("cardoffice portal API").version("v1")
                        .description("What the parents' portal calls (contract §7). Amounts are strings in DKK with two decimals."
                                + " Every write is idempotent on the caller's id; errors are RFC 9457 problem documents."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-Api-Key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /** Adds the problem-document answers of {@link #REFUSALS} (and 401, 413) to each portal call. */
    @Bean
    OpenApiCustomizer portalRefusals() {
        return api -> api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Map<String, String> refusals = REFUSALS.get(method.name() + " " + path);
            if (refusals == null) {
                return;
            }
            addProblem(operation, "401", "no X-Api-Key, or not a valid one");
            if (operation.getRequestBody() != null) {
                addProblem(operation, "413", "a body over 16 KiB");
            }
            refusals.forEach((status, description) -> addProblem(operation, status, description));
        }));
    }

    private static void addProblem(Operation operation, String status, String description) {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem document: type, title, status, detail, instance;"
                + " errors: [{field, message}] for 400 and 422");
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json", new MediaType().schema(problem))));
    }
}
