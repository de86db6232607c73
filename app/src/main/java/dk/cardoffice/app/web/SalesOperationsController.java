package dk.cardoffice.app.web;

import java.security.Principal;
import java.time.Clock;
import java.util.List;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.sales.SuspenseTransfers;

/** Operators' view of flagged terminal sales, and moving a suspense sale to the right card (operations API, role OPERATOR). */
@RestController
@RequestMapping("/api/v1/ops/sales")
public class SalesOperationsController {

    public record MoveRequest(String cardNumber) {
    }

    private final SuspenseTransfers transfers;
    private final Clock clock;

    public SalesOperationsController(SuspenseTransfers transfers, Clock clock) {
        this.transfers = transfers;
        this.clock = clock;
    }

    /** Flags not resolved yet (BLOCKED_CARD, OVER_DAILY_LIMIT, OVERDRAWN, UNKNOWN_CARD), oldest sale first. */
    @GetMapping("/flags")
    public List<SuspenseTransfers.OpenFlag> openFlags(@RequestParam(defaultValue = "500") int limit) {
        return transfers.openFlags(Math.max(1, Math.min(limit, 10_000)));
    }

    /** Moves a sale posted to the suspense account (unknown card) to the account of the card it was: a new transaction. */
    @PostMapping("/{transactionId}/move-from-suspense")
    @Transactional
    public SuspenseTransfers.Moved move(@PathVariable long transactionId, @RequestBody MoveRequest request, Principal operator) {
        return transfers.move(transactionId, request.cardNumber(), operator.getName(), clock.instant());
    }
}
