package dk.cardoffice.app.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.settlement.SettlementResults;

/** What settlement reconciliation found: the payouts and the exceptions (operations API, role OPERATOR). */
@RestController
@RequestMapping("/api/v1/ops/settlements")
public class SettlementOperationsController {

    private final SettlementResults results;

    public SettlementOperationsController(SettlementResults results) {
        this.results = results;
    }

    /** One row per payout of a settlement file, newest first: gross, fees, net expected at the bank, what was posted, outcomes. */
    @GetMapping("/payouts")
    public List<SettlementResults.Payout> payouts(@RequestParam(defaultValue = "200") int limit) {
        return results.payouts(Math.max(1, Math.min(limit, 10_000)));
    }

    /** Lines that did not simply match (mismatches, unknown orders, duplicates, refunds, chargebacks), then unsettled deposits. */
    @GetMapping("/exceptions")
    public List<SettlementResults.Finding> exceptions(@RequestParam(defaultValue = "500") int limit) {
        return results.exceptions(Math.max(1, Math.min(limit, 10_000)));
    }
}
