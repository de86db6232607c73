package dk.cardoffice.batch.enrolment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.JobLaunchRefused;
import dk.cardoffice.batch.launch.JobStarter;

/**
 * An operator's decision on a snapshot the mass-leave guard held. Approve: the import runs again
 * for the same file and this time applies it. Discard: nothing is applied, the file goes to
 * error/enrolment/ with the reason, so school admin sees it was not used.
 */
public class HoldDecisions {

    private final EnrolmentHolds holds;
    private final JobStarter jobs;
    private final InboundFolders folders;
    private final FileRegistry registry;

    public HoldDecisions(EnrolmentHolds holds, JobStarter jobs, InboundFolders folders, FileRegistry registry) {
        this.holds = holds;
        this.jobs = jobs;
        this.folders = folders;
        this.registry = registry;
    }

    /** Approves the hold and launches the import that applies it; returns that job execution's id. */
    public long approve(long holdId, String operator) {
        EnrolmentHolds.Hold hold = holds.find(holdId)
                .orElseThrow(() -> new JobLaunchRefused(JobLaunchRefused.Reason.NOT_FOUND, "there is no enrolment hold " + holdId));
        // approved, but the process died before the import was launched: the file is still HELD, approving again launches it
        boolean approvalInterrupted = hold.status().equals("APPROVED")
                && registry.original(EnrolmentImportJobConfig.FEED, hold.sha256()).map(e -> e.status() == FileRegistry.Status.HELD).orElse(false);
        if (!approvalInterrupted) {
            hold = held(holdId);
        }
        String newer = holds.newerAppliedSnapshot(hold);
        if (newer != null) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE, "a newer snapshot of institution " + hold.institutionNo()
                    + " (" + newer + ") was applied after this one was held; applying the older roster now would undo it. Discard this hold.");
        }
        if (!approvalInterrupted && !holds.decide(holdId, "APPROVED", operator)) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE, "hold " + holdId + " was decided already");
        }
        return jobs.start(EnrolmentImportJobConfig.JOB_NAME,
                Map.of("file", hold.filePath(), "sha256", hold.sha256(), "approvedHold", Long.toString(holdId)));
    }

    public void discard(long holdId, String operator) {
        EnrolmentHolds.Hold hold = held(holdId);
        if (!holds.decide(holdId, "DISCARDED", operator)) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE, "hold " + holdId + " was decided already");
        }
        Path file = Path.of(hold.filePath());
        String reason = "File " + file.getFileName() + " was not applied: it would have ended " + hold.endingCount() + " of "
                + hold.activeCount() + " active enrolments at institution " + hold.institutionNo() + ", and operator " + operator
                + " discarded it. Check the export in the school system and send a complete roster.";
        Path moved = Files.exists(file) ? folders.toError(EnrolmentImportJobConfig.FEED, file, reason) : file;
        registry.storedAt(EnrolmentImportJobConfig.FEED, hold.sha256(), moved.toString());
        registry.recordOutcome(EnrolmentImportJobConfig.FEED, hold.sha256(), FileRegistry.Status.DISCARDED, hold.jobExecutionId(), reason);
    }

    private EnrolmentHolds.Hold held(long holdId) {
        EnrolmentHolds.Hold hold = holds.find(holdId)
                .orElseThrow(() -> new JobLaunchRefused(JobLaunchRefused.Reason.NOT_FOUND, "there is no enrolment hold " + holdId));
        if (!hold.status().equals("HELD")) {
            throw new JobLaunchRefused(JobLaunchRefused.Reason.ALREADY_COMPLETE, "hold " + holdId + " is " + hold.status() + " already");
        }
        return hold;
    }
}
