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
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.support.FileHashes;

/**
 * One intake for every feed: a complete file that arrived in inbox/<feed>/ is hashed, claimed in
 * the file registry (a byte-identical copy of a file already taken in goes to error/<feed>/ as a
 * duplicate), moved to archive/<feed>/<date>/ and processed by its job from there, so a restart
 * always finds it at the same path. The job's listener records the outcome and moves a file it
 * rejected as a whole to error/. Files of one feed are taken one after the other.
 */
public class FileIntake {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Copenhagen"));

    private final FileRegistry registry;
    private final InboundFolders folders;
    private final JobStarter jobs;
    private final Duration jobTimeout;

    public FileIntake(FileRegistry registry, InboundFolders folders, JobStarter jobs, Duration jobTimeout) {
        this.registry = registry;
        this.folders = folders;
        this.jobs = jobs;
        this.jobTimeout = jobTimeout;
    }

    /** What became of a file: the job execution that processed it, or why none did. */
    public record Result(String fileName, String sha256, Long jobExecutionId, String exitCode, String detail) {
    }

    public Result accept(String feed, String jobName, Path file) {
        String name = file.getFileName().toString();
        String sha256 = FileHashes.sha256(file);
        long size = size(file);
        Optional<FileRegistry.Entry> original = registry.claim(feed, name, sha256, size);
        if (original.isPresent()) {
            String reason = "duplicate of " + original.get().fileName() + " processed " + WHEN.format(original.get().receivedAt());
            Path moved = folders.toError(feed, file, reason);
            registry.recordDuplicate(feed, name, sha256, size, original.get(), moved.toString(), reason);
            log.info("{} file {} is a {}", feed, name, reason);
            return new Result(name, sha256, null, "DUPLICATE", reason);
        }
        Path archived = folders.toArchive(feed, file);
        registry.storedAt(feed, sha256, archived.toString());
        long executionId = jobs.start(jobName, Map.of("file", archived.toString(), "sha256", sha256));
        JobExecution end = jobs.awaitEnd(executionId, jobTimeout);
        log.info("{} file {}: {} {} ({})", feed, name, jobName, end.getStatus(), end.getExitStatus().getExitCode());
        return new Result(name, sha256, executionId, end.getExitStatus().getExitCode(), end.getExitStatus().getExitDescription());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
