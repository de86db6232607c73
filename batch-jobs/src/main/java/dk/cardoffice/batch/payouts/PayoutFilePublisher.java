package dk.cardoffice.batch.payouts;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.support.OutboxFiles;

/**
 * Step 2 of payout-run: every claimed file not yet published is renamed into outbox/payouts/ and marked WRITTEN —
 * this run's, and any an earlier run claimed and then crashed before publishing. A tmp file that is not the claimed
 * bytes (a disk that lost part of it) is made again from the database and must have the recorded SHA-256: the bank
 * gets the one file that was claimed, never a second, different one. A file whose tmp and final name are both gone
 * was renamed before a crash and fetched since: it is marked, never made twice.
 */
public class PayoutFilePublisher implements Tasklet {

    private final JdbcTemplate jdbc;
    private final PayoutFiles files;
    private final HomeFolders home;

    public PayoutFilePublisher(JdbcTemplate jdbc, PayoutFiles files, HomeFolders home) {
        this.jdbc = jdbc;
        this.files = files;
        this.home = home;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.queryForObject("select name from job_lock where name = 'payout-run' for update", String.class);
        for (PayoutFile file : files.unpublished()) {
            Path target = home.outbox("payouts").resolve(file.fileName());
            Path tmp = OutboxFiles.tmpFor(target);
            String onDisk = PayoutFiles.sha256Of(target);
            if (onDisk != null && !onDisk.equals(file.sha256())) {
                throw new IllegalStateException("outbox/payouts/" + file.fileName() + " is not the file claimed as " + file.msgId() + " (SHA-256 "
                        + onDisk + " instead of " + file.sha256() + "): someone changed it; nothing was published");
            }
            if (onDisk == null && Files.exists(tmp)) {
                if (!file.sha256().equals(PayoutFiles.sha256Of(tmp))) {
                    // the tmp file is not whole (the disk lost part of it): made again from the database, byte for byte
                    String again = files.writeTmp(file, target);
                    if (!again.equals(file.sha256())) {
                        throw new IllegalStateException("payout file " + file.fileName() + " (" + file.msgId() + ") made again from the database is"
                                + " not the file claimed (SHA-256 " + again + " instead of " + file.sha256() + "): not published; the withdrawals"
                                + " in it must be checked by hand before anything is sent");
                    }
                }
                OutboxFiles.publish(target);
            }
            // neither there: renamed before a crash and taken by the bank transfer since; it is never made a second time
            files.markWritten(file.id());
            contribution.incrementWriteCount(file.txCount());
        }
        return RepeatStatus.FINISHED;
    }
}
