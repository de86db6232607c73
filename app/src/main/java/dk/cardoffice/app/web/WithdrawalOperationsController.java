package dk.cardoffice.app.web;

import java.time.Clock;
import java.util.Map;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.ledger.portal.Withdrawals;

/** Operators' actions on withdrawals (operations API, role OPERATOR). */
@RestController
@RequestMapping("/api/v1/ops/withdrawals")
public class WithdrawalOperationsController {

    private final Withdrawals withdrawals;
    private final Clock clock;

    public WithdrawalOperationsController(Withdrawals withdrawals, Clock clock) {
        this.withdrawals = withdrawals;
        this.clock = clock;
    }

    /** Cancels a withdrawal that has not gone to the bank yet; the money goes back to the account, in one transaction. */
    @PostMapping("/{requestId}/cancel")
    @Transactional
    public Map<String, String> cancel(@PathVariable String requestId) {
        withdrawals.cancel(requestId, clock.instant());
        return Map.of("requestId", requestId, "status", "CANCELLED");
    }
}
