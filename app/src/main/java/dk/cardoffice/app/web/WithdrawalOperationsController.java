package dk.cardoffice.app.web;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dk.cardoffice.batch.payouts.PayoutResults;
import dk.cardoffice.ledger.portal.Withdrawals;

/** Operators' view of withdrawals and payout files (operations API, role OPERATOR). */
@RestController
@RequestMapping("/api/v1/ops")
public class WithdrawalOperationsController {

    private final Withdrawals withdrawals;
    private final PayoutResults payouts;
    private final Clock clock;

    public WithdrawalOperationsController(Withdrawals withdrawals, PayoutResults payouts, Clock clock) {
        this.withdrawals = withdrawals;
        this.payouts = payouts;
        this.clock = clock;
    }

    /** Cancels a withdrawal that has not gone to the bank yet; the money goes back to the account, in one transaction. */
    @PostMapping("/withdrawals/{requestId}/cancel")
    @Transactional
    public Map<String, String> cancel(@PathVariable String requestId) {
        withdrawals.cancel(requestId, clock.instant());
        return Map.of("requestId", requestId, "status", "CANCELLED");
    }

    /** Withdrawals waiting for the next payout run. */
    @GetMapping("/withdrawals/queued")
    public List<PayoutResults.WithdrawalView> queued(@RequestParam(defaultValue = "1000") int limit) {
        return payouts.queued(limit);
    }

    /** The payout files, newest first, with how many of their withdrawals the bank has confirmed, rejected or not answered. */
    @GetMapping("/payouts/files")
    public List<PayoutResults.PayoutFileView> files(@RequestParam(defaultValue = "200") int limit) {
        return payouts.files(limit);
    }

    /** The withdrawals of one payout file (by its MsgId) with their status and the bank's reason. */
    @GetMapping("/payouts/files/{msgId}/withdrawals")
    public List<PayoutResults.WithdrawalView> withdrawalsOf(@PathVariable String msgId, @RequestParam(defaultValue = "10000") int limit) {
        List<PayoutResults.WithdrawalView> found = payouts.withdrawalsOf(msgId, limit);
        if (found.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no payout file with MsgId " + msgId);
        }
        return found;
    }

    /** Bank statuses that changed nothing because they did not fit (unknown message or withdrawal, a contradiction). */
    @GetMapping("/payouts/status-exceptions")
    public List<PayoutResults.StatusException> statusExceptions(@RequestParam(defaultValue = "500") int limit) {
        return payouts.statusExceptions(limit);
    }
}
