package dk.cardoffice.app.web;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.enrolment.EnrolmentHolds;
import dk.cardoffice.batch.enrolment.HoldDecisions;
import dk.cardoffice.batch.intake.FileRegistry;

/**
 * Enrolment snapshots held by the mass-leave guard, and the file registry, for operators
 * (operations API, role OPERATOR; the console shows the same).
 */
@RestController
@RequestMapping("/api/v1/ops")
public class EnrolmentHoldsController {

    private final EnrolmentHolds holds;
    private final HoldDecisions decisions;
    private final FileRegistry registry;

    public EnrolmentHoldsController(EnrolmentHolds holds, HoldDecisions decisions, FileRegistry registry) {
        this.holds = holds;
        this.decisions = decisions;
        this.registry = registry;
    }

    @GetMapping("/enrolment-holds")
    public List<EnrolmentHolds.Hold> holds() {
        return holds.all();
    }

    /** Applies the held snapshot: 202 with the job execution that applies it. */
    @PostMapping("/enrolment-holds/{holdId}/approve")
    public ResponseEntity<OperationsController.Launched> approve(@PathVariable long holdId, Principal operator) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new OperationsController.Launched(decisions.approve(holdId, operator.getName())));
    }

    /** Drops the held snapshot: nothing of it is applied, the file goes to error/enrolment/ with the reason. */
    @PostMapping("/enrolment-holds/{holdId}/discard")
    public EnrolmentHolds.Hold discard(@PathVariable long holdId, Principal operator) {
        decisions.discard(holdId, operator.getName());
        return holds.find(holdId).orElseThrow();
    }

    @GetMapping("/files")
    public List<FileRegistry.Entry> files() {
        return registry.latest(500);
    }
}
