package dk.cardoffice.integrations.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.intake.FileRegistry.Entry;
import dk.cardoffice.batch.intake.FileRegistry.Status;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.JobLaunchRefused;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.support.FileHashes;

/**
 * One intake for every feed. A complete file in inbox/<feed>/ passes these states, each recorded
 * before the file system follows it (docs/operations.md):
 * <pre>
 * hash ─▶ claim: RECEIVED (row names the archive path it is going to) ─▶ move ─▶ ARCHIVED ─▶ job: LAUNCHED ─▶ PROCESSED | REJECTED | …
 *           └─ same content claimed before and finished: DUPLICATE, file to error/
 * </pre>
 * A process that dies anywhere leaves a row from which {@link #resume} (at the next start, before
 * the folders are watched again) or the next poll carries the file on: a claim left RECEIVED is
 * recognised as the same file, not a duplicate of itself. Files of one feed are taken one after the
 * other, in name order. An empty file is taken in like any other and rejected with its reason.
 */
public class FileIntake {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Copenhagen"));

    private final FileRegistry registry;
    private final InboundFolders folders;
    private final JobStarter jobs;
    private final Duration jobTimeout;
    private volatile boolean open = true;

    public FileIntake(FileRegistry registry, InboundFolders folders, JobStarter jobs, Duration jobTimeout) {
        this.registry = registry;
        this.folders = folders;
        this.jobs = jobs;
        this.jobTimeout = jobTimeout;
    }

    /** What became of a file: the job execution that processed it, or why none did. */
    public record Result(String fileName, String sha256, Long jobExecutionId, String exitCode, String detail) {
    }

    /** From now on no new file is taken in (shutdown); a file not yet claimed waits in inbox/ for the next start. */
    public void close() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    /** Takes in a complete file that arrived in inbox/<feed>/ and processes it to the end. */
    public Result accept(String feed, String jobName, Path file) {
        String name = file.getFileName().toString();
        if (!open) {
            return new Result(name, null, null, "NOT_TAKEN", "the service is shutting down; the file is taken in at the next start");
        }
        TakenIn taken = takeIn(feed, file);
        return taken.archived() != null ? launchAndAwait(jobName, taken.archived()) : taken.notProcessed();
    }

    /** A file of inbox/ after {@link #takeIn}: ARCHIVED and ready for its job, or not to be processed and why. */
    private record TakenIn(Entry archived, Result notProcessed) {
    }

    /** Claims and archives a file of inbox/ (or refuses it: empty, duplicate). */
    private TakenIn takeIn(String feed, Path file) {
        String name = file.getFileName().toString();
        long size = size(file);
        if (size == 0) {
            String reason = "File " + name + " is empty (0 bytes): nothing was processed. Send the file again with its content.";
            Path moved = folders.toError(feed, file, reason);
            registry.recordRefused(feed, name, FileHashes.sha256(moved), 0, moved.toString(), reason);
            log.info("{} file {} refused: empty", feed, name);
            return new TakenIn(null, new Result(name, null, null, "REJECTED", reason));
        }
        String sha256 = FileHashes.sha256(file);
        Path target = folders.archiveTarget(feed, file);
        Optional<Entry> holder = registry.claim(feed, name, sha256, size, file.toString(), target.toString());
        Entry entry;
        if (holder.isEmpty()) {
            entry = registry.original(feed, sha256).orElseThrow();
        } else if (isOwnUnfinishedClaim(holder.get(), file)) {
            entry = holder.get();
            target = Path.of(entry.storedPath());
            log.info("{} file {}: resuming the claim a stopped process left RECEIVED", feed, name);
        } else {
            Entry original = holder.get();
            String reason = "duplicate of " + original.fileName() + " processed " + WHEN.format(original.receivedAt());
            Path moved = folders.toError(feed, file, reason);
            registry.recordDuplicate(feed, name, sha256, size, original, moved.toString(), reason);
            log.info("{} file {} is a {}", feed, name, reason);
            return new TakenIn(null, new Result(name, sha256, null, "DUPLICATE", reason));
        }
        Path archived = folders.moveTo(file, Files.exists(target) ? folders.archiveTarget(feed, file) : target);
        registry.archived(entry.id(), archived.toString());
        return new TakenIn(registry.find(entry.id()).orElseThrow(), null);
    }

    /**
     * A row left RECEIVED whose file is this one: the process that claimed it died before the move.
     * (A RECEIVED row whose file still lies elsewhere in inbox/ is that other file's claim: this one is a copy.)
     */
    private static boolean isOwnUnfinishedClaim(Entry holder, Path file) {
        if (holder.status() != Status.RECEIVED) {
            return false;
        }
        if (holder.inboxPath() != null && holder.inboxPath().equals(file.toString())) {
            return true;
        }
        // a copy under another name is a duplicate; the same name whose claimed file is gone from inbox/ and
        // never reached the archive is the claimed file dropped again
        return holder.fileName().equals(file.getFileName().toString())
                && (holder.inboxPath() == null || !Files.exists(Path.of(holder.inboxPath())))
                && (holder.storedPath() == null || !Files.exists(Path.of(holder.storedPath())));
    }

    /**
     * Carries on every file of the feed that a stopped process left half-way, oldest first, each to
     * the end of its job (called at start, before the folder is watched again).
     */
    public void resume(String feed, String jobName) {
        for (Entry listed : registry.halfWay(feed)) {
            if (!open) {
                return;
            }
            try {
                registry.find(listed.id()).filter(e -> e.status().halfWay()).ifPresent(entry -> resume(feed, jobName, entry));
            } catch (RuntimeException e) {
                registry.failed(listed.id(), "could not be carried on after a restart: " + e.getMessage() + "; launch it again once the cause is fixed");
                log.warn("{} file {}: could not be carried on after a restart; marked FAILED", feed, listed.fileName(), e);
            }
        }
    }

    private void resume(String feed, String jobName, Entry entry) {
        if (entry.status() == Status.RECEIVED) {
            Path planned = entry.storedPath() == null ? null : Path.of(entry.storedPath());
            Path inbox = entry.inboxPath() == null ? null : Path.of(entry.inboxPath());
            if (planned != null && Files.exists(planned) && entry.sha256().equals(FileHashes.sha256(planned))) {
                registry.archived(entry.id(), planned.toString());
                log.info("{} file {}: moved to the archive before the process stopped; marked ARCHIVED", feed, entry.fileName());
            } else if (inbox != null && Files.exists(inbox) && entry.sha256().equals(FileHashes.sha256(inbox))) {
                log.info("{} file {}: claimed before the process stopped; taking it in", feed, entry.fileName());
                TakenIn taken = takeIn(feed, inbox);
                if (taken.archived() == null) {
                    return;
                }
            } else {
                registry.failed(entry.id(), "the file vanished (or was replaced by other content) between its claim and its move to the archive;"
                        + " ask the sender for it again");
                log.warn("{} file {}: claimed, but neither in inbox/ nor in the archive with its content; marked FAILED", feed, entry.fileName());
                return;
            }
        }
        registry.find(entry.id()).filter(e -> e.status() == Status.ARCHIVED).ifPresent(e -> {
            log.info("{} file {}: archived but never launched; launching {}", feed, e.fileName(), jobName);
            launchAndAwait(jobName, e);
        });
    }

    /**
     * An operator's launch of a file (already checked to lie in the feed's folders): a file still in
     * inbox/ is taken in first, exactly as the intake would, so the folder watch cannot take it twice.
     */
    public long launch(String feed, String jobName, Path file, Map<String, String> otherParameters) {
        Path toLaunch = file;
        if (folders.isInInbox(feed, file)) {
            TakenIn taken = takeIn(feed, file.toAbsolutePath().normalize());
            if (taken.archived() == null) {
                throw new JobLaunchRefused(JobLaunchRefused.Reason.NOT_ALLOWED, taken.notProcessed().detail());
            }
            toLaunch = Path.of(taken.archived().storedPath());
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>(otherParameters);
        parameters.put("file", toLaunch.toString());
        return jobs.start(jobName, parameters);
    }

    private Result launchAndAwait(String jobName, Entry entry) {
        long executionId;
        try {
            executionId = jobs.start(jobName, Map.of("file", entry.storedPath(), "sha256", entry.sha256()));
        } catch (JobLaunchRefused refused) {
            log.warn("{} file {}: {} not launched: {}", entry.feed(), entry.fileName(), jobName, refused.getMessage());
            if (refused.reason() != JobLaunchRefused.Reason.ALREADY_RUNNING) {
                registry.failed(entry.id(), jobName + " could not be launched: " + refused.getMessage());
            }
            return new Result(entry.fileName(), entry.sha256(), null, refused.reason().name(), refused.getMessage());
        } catch (RuntimeException e) {
            registry.failed(entry.id(), jobName + " could not be launched: " + e.getMessage() + "; launch it again once the cause is fixed");
            throw e;
        }
        JobExecution end = jobs.awaitEnd(executionId, jobTimeout);
        log.info("{} file {}: {} {} ({})", entry.feed(), entry.fileName(), jobName, end.getStatus(), end.getExitStatus().getExitCode());
        return new Result(entry.fileName(), entry.sha256(), executionId, end.getExitStatus().getExitCode(), end.getExitStatus().getExitDescription());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
