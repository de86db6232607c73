package dk.cardoffice.app.portal;

import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.portal.AccountViews;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.portal.Withdrawals;

/** The parents' portal API (contract §7): deposits and withdrawals (through the group commit), the account view. */
@RestController
@RequestMapping("/api/v1")
public class PortalController {

    private static final Pattern REG_NO = Pattern.compile("\\d{4}");
    private static final Pattern BANK_ACCOUNT_NO = Pattern.compile("\\d{1,10}");
    private static final Pattern ACQUIRER = Pattern.compile("WORLDLINE|NETS");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final GroupCommit groupCommit;
    private final AccountViews views;

    public PortalController(GroupCommit groupCommit, AccountViews views) {
        this.groupCommit = groupCommit;
        this.views = views;
    }

    public record DepositRequest(String orderId, String accountNo, String amount, String acquirer, String transactionId, String capturedAt) {
    }

    public record DepositAnswer(String orderId, String accountNo, String amount, String balance) {
    }

    public record WithdrawalRequest(String requestId, String accountNo, String amount, String recipientName, String regNo,
            String bankAccountNo, String text, String email) {
    }

    public record WithdrawalAnswer(String requestId, String accountNo, String amount, String status, String balance) {
    }

    @PostMapping("/deposits")
    @ApiResponse(responseCode = "201", description = "credited", content = @Content(schema = @Schema(implementation = DepositAnswer.class)))
    public ResponseEntity<String> deposit(@RequestBody DepositRequest request) {
        RequestCheck check = new RequestCheck();
        String orderId = check.required("orderId", request.orderId(), 64);
        String accountNo = check.required("accountNo", request.accountNo(), 30);
        long amount = check.amount("amount", request.amount());
        String acquirer = check.matching("acquirer", request.acquirer() == null ? null : request.acquirer().toUpperCase(Locale.ROOT),
                ACQUIRER, "WORLDLINE or NETS");
        String transactionId = check.required("transactionId", request.transactionId(), 64);
        var capturedAt = check.time("capturedAt", request.capturedAt());
        check.orRefuse();
        return groupCommit.call("deposit", orderId, request, new Deposits.Deposit(orderId, accountNo, amount, acquirer, transactionId,
                capturedAt.toInstant()), done -> {
                    Deposits.Recorded recorded = (Deposits.Recorded) done;
                    return new DepositAnswer(recorded.orderId(), recorded.accountNo(), Money.formatDkk(recorded.amountOre()),
                            Money.formatDkk(recorded.balanceOre()));
                });
    }

    @PostMapping("/withdrawals")
    @ApiResponse(responseCode = "201", description = "reserved, waiting for the payout run",
            content = @Content(schema = @Schema(implementation = WithdrawalAnswer.class)))
    public ResponseEntity<String> withdraw(@RequestBody WithdrawalRequest request) {
        RequestCheck check = new RequestCheck();
        // the request id travels to the bank as the pain.001 EndToEndId, which holds at most 35 characters
        String requestId = check.required("requestId", request.requestId(), 35);
        String accountNo = check.required("accountNo", request.accountNo(), 30);
        long amount = check.amount("amount", request.amount());
        String recipient = check.required("recipientName", request.recipientName(), 70);
        String regNo = check.matching("regNo", request.regNo(), REG_NO, "exactly 4 digits");
        String bankAccountNo = check.matching("bankAccountNo", request.bankAccountNo(), BANK_ACCOUNT_NO, "1-10 digits");
        String text = request.text() == null ? null : WHITESPACE.matcher(request.text().strip()).replaceAll(" ");
        if (text != null && text.length() > 20) {
            check.problem("text", "text is at most 20 characters (it is shown on the recipient's bank statement)");
        }
        if (request.email() != null && !request.email().isBlank() && !EMAIL.matcher(request.email()).matches()) {
            check.problem("email", "email is not an e-mail address");
        } else if (request.email() != null && request.email().length() > 254) {
            check.problem("email", "email is longer than 254 characters");
        }
        check.orRefuse();
        return groupCommit.call("withdrawal", requestId, request, new Withdrawals.Withdrawal(requestId, accountNo, amount, recipient, regNo,
                bankAccountNo, text, request.email()), done -> {
                    Withdrawals.Queued queued = (Withdrawals.Queued) done;
                    return new WithdrawalAnswer(queued.requestId(), queued.accountNo(), Money.formatDkk(queued.amountOre()), queued.status(),
                            Money.formatDkk(queued.balanceOre()));
                });
    }

    @GetMapping("/accounts/{accountNo}")
    public AccountViews.AccountView account(@PathVariable String accountNo) {
        return views.view(accountNo);
    }
}
