package dk.cardoffice.app.portal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.ledger.card.CardNumbers;
import dk.cardoffice.ledger.member.Cpr;
import dk.cardoffice.ledger.member.CprProtector;
import dk.cardoffice.ledger.portal.AccountViews;
import dk.cardoffice.ledger.portal.AutoTopups;
import dk.cardoffice.ledger.portal.CardActions;
import dk.cardoffice.ledger.portal.DailyLimits;
import dk.cardoffice.ledger.portal.GuardianLinks;
import dk.cardoffice.ledger.portal.Statements;

/** The portal calls about cards, limits, guardians, statements and automatic top-up (contract §7). */
@RestController
@RequestMapping("/api/v1")
public class PortalAccountsController {

    private final IdempotentCalls idempotent;
    private final CardActions cards;
    private final DailyLimits limits;
    private final GuardianLinks guardians;
    private final AutoTopups autoTopups;
    private final Statements statements;
    private final AccountViews views;
    private final Clock clock;
    private final CprProtector cprs;
    private final TransactionTemplate transactions;

    public PortalAccountsController(IdempotentCalls idempotent, CardActions cards, DailyLimits limits, GuardianLinks guardians,
            AutoTopups autoTopups, Statements statements, AccountViews views, Clock clock, CprProtector cprs,
            PlatformTransactionManager transactionManager) {
        this.idempotent = idempotent;
        this.cards = cards;
        this.limits = limits;
        this.guardians = guardians;
        this.autoTopups = autoTopups;
        this.statements = statements;
        this.views = views;
        this.clock = clock;
        this.cprs = cprs;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public record BlockRequest(String requestId, String reason) {
    }

    public record ReplacementRequest(String requestId, String deliveryName, String address, String postcode, String city) {
    }

    public record LimitsRequest(String schoolDaily, String clubDaily) {
    }

    public record LinkRequest(String requestId, String childCpr, String cardNumber) {
    }

    public record NotificationsRequest(String requestId, String email, Boolean dailyStatements, String lowBalanceThreshold) {
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public record AutoTopupRequest(String threshold, String amount, String subscriptionId) {
    }

    @PostMapping("/cards/{cardNumber}/block")
    @ApiResponse(responseCode = "200", description = "blocked (or blocked already)",
            content = @Content(schema = @Schema(implementation = CardActions.CardState.class)))
    public ResponseEntity<String> block(@PathVariable String cardNumber, @RequestBody BlockRequest request) {
        RequestCheck check = new RequestCheck();
        String requestId = check.required("requestId", request.requestId(), 64);
        String reason = check.required("reason", request.reason(), 100);
        check.orRefuse();
        return idempotent.call("card-block", requestId, List.of(CardNumbers.normalise(cardNumber), request), HttpStatus.OK, () -> cards.block(cardNumber, reason));
    }

    @PostMapping("/accounts/{accountNo}/replacement-cards")
    @ApiResponse(responseCode = "201", description = "ordered; the fee is charged",
            content = @Content(schema = @Schema(implementation = CardActions.Replacement.class)))
    public ResponseEntity<String> replace(@PathVariable String accountNo, @RequestBody ReplacementRequest request) {
        RequestCheck check = new RequestCheck();
        String requestId = check.required("requestId", request.requestId(), 64);
        String name = check.required("deliveryName", request.deliveryName(), 200);
        String address = check.required("address", request.address(), 200);
        String postcode = check.matching("postcode", request.postcode(), java.util.regex.Pattern.compile("\\d{4}"), "4 digits");
        String city = check.required("city", request.city(), 100);
        check.orRefuse();
        return idempotent.call("replacement-card", requestId, List.of(accountNo, request), HttpStatus.CREATED,
                () -> cards.replace(requestId, accountNo, new CardActions.Delivery(name, address, postcode, city), clock.instant()));
    }

    @PutMapping("/accounts/{accountNo}/limits")
    public AccountViews.AccountView limits(@PathVariable String accountNo, @RequestBody LimitsRequest request) {
        RequestCheck check = new RequestCheck();
        Long school = request.schoolDaily() == null ? null : check.amount("schoolDaily", request.schoolDaily());
        Long club = request.clubDaily() == null ? null : check.amount("clubDaily", request.clubDaily());
        if ((school != null && school < 0) || (club != null && club < 0)) {
            check.problem(school != null && school < 0 ? "schoolDaily" : "clubDaily", "a daily limit is 0 or more (null: no limit)");
        }
        check.orRefuse();
        transactions.executeWithoutResult(tx -> limits.set(accountNo, school, club));
        return views.view(accountNo);
    }

    @GetMapping("/accounts/{accountNo}/statement")
    public Statements.Statement statement(@PathVariable String accountNo, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        // checked here, not by Spring, so a missing date gets the same field list as a malformed one
        RequestCheck check = new RequestCheck();
        LocalDate fromDate = date(check, "from", from);
        LocalDate toDate = date(check, "to", to);
        check.orRefuse();
        return statements.of(accountNo, fromDate, toDate);
    }

    @PostMapping("/guardians/{guardianCpr}/links")
    @ApiResponse(responseCode = "201", description = "linked",
            content = @Content(schema = @Schema(implementation = GuardianLinks.ManagedAccount.class)))
    public ResponseEntity<String> link(@PathVariable String guardianCpr, @RequestBody LinkRequest request) {
        RequestCheck check = new RequestCheck();
        String requestId = check.required("requestId", request.requestId(), 64);
        Cpr guardian = cpr(check, "guardianCpr", guardianCpr);
        Cpr child = cpr(check, "childCpr", request.childCpr());
        String cardNumber = check.required("cardNumber", request.cardNumber(), 20);
        check.orRefuse();
        // the request is fingerprinted with the keyed CPR hashes, never the digits: a plain hash of two CPR numbers
        // and a card number could be reversed by trying the few thousand serial numbers of each birth date
        return idempotent.call("guardian-link", requestId, List.of(cprs.hmac(guardian), cprs.hmac(child), CardNumbers.normalise(cardNumber)), HttpStatus.CREATED,
                () -> guardians.link(guardian, child, cardNumber));
    }

    /** Where and whether the guardian gets the nightly statements, and the low-balance threshold (contract §7, issue 17). */
    @PutMapping("/guardians/{guardianCpr}/notifications")
    @ApiResponse(responseCode = "200", description = "the settings now", content = @Content(schema = @Schema(implementation = GuardianLinks.Notifications.class)))
    public ResponseEntity<String> notifications(@PathVariable String guardianCpr, @RequestBody NotificationsRequest request) {
        RequestCheck check = new RequestCheck();
        String requestId = check.required("requestId", request.requestId(), 64);
        Cpr guardian = cpr(check, "guardianCpr", guardianCpr);
        String email = request.email() == null || request.email().isBlank() ? null : request.email().strip();
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            check.problem("email", "email is not an e-mail address of at most 254 characters");
        }
        if (request.dailyStatements() == null) {
            check.problem("dailyStatements", "dailyStatements is true or false");
        }
        long threshold = request.lowBalanceThreshold() == null ? 20_00 : check.amount("lowBalanceThreshold", request.lowBalanceThreshold());
        if (threshold < 0) {
            check.problem("lowBalanceThreshold", "lowBalanceThreshold is 0.00 or more");
        }
        check.orRefuse();
        return idempotent.call("guardian-notifications", requestId, List.of(cprs.hmac(guardian), String.valueOf(email), request.dailyStatements(), threshold),
                HttpStatus.OK, () -> guardians.setNotifications(guardian, email, request.dailyStatements(), threshold));
    }

    @GetMapping("/guardians/{guardianCpr}/accounts")
    public List<GuardianLinks.ManagedAccount> guardianAccounts(@PathVariable String guardianCpr) {
        RequestCheck check = new RequestCheck();
        Cpr guardian = cpr(check, "guardianCpr", guardianCpr);
        check.orRefuse();
        return guardians.accounts(guardian);
    }

    @PutMapping("/accounts/{accountNo}/auto-topup")
    public Map<String, String> autoTopup(@PathVariable String accountNo, @RequestBody AutoTopupRequest request) {
        RequestCheck check = new RequestCheck();
        long threshold = check.amount("threshold", request.threshold());
        long amount = check.amount("amount", request.amount());
        if (threshold < 0) {
            check.problem("threshold", "the threshold is 0 or more");
        }
        String subscription = check.required("subscriptionId", request.subscriptionId(), 100);
        check.orRefuse();
        transactions.executeWithoutResult(tx -> autoTopups.set(accountNo, threshold, amount, subscription));
        return Map.of("accountNo", accountNo, "threshold", request.threshold(), "amount", request.amount(), "subscriptionId", subscription);
    }

    @DeleteMapping("/accounts/{accountNo}/auto-topup")
    @ApiResponse(responseCode = "204", description = "removed (or there was none)")
    public ResponseEntity<Void> removeAutoTopup(@PathVariable String accountNo) {
        autoTopups.remove(accountNo);
        return ResponseEntity.noContent().build();
    }

    private static LocalDate date(RequestCheck check, String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            check.problem(field, field + " must be a date yyyy-MM-dd");
            return null;
        }
    }

    private static Cpr cpr(RequestCheck check, String field, String value) {
        try {
            return Cpr.parse(value);
        } catch (IllegalArgumentException e) {
            check.problem(field, field + ": " + e.getMessage());
            return null;
        }
    }
}
