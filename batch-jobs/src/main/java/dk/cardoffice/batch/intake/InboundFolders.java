package dk.cardoffice.batch.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;

import dk.cardoffice.batch.HomeFolders;

/**
 * Moves inbound files to where contract §1 says they end: archive/<feed>/<date>/ once taken in,
 * error/<feed>/ with a NAME.error.txt beside it when they could not be processed. Nothing is ever
 * deleted or overwritten: a name already taken gets a numbered suffix.
 */
public class InboundFolders {

    private final HomeFolders home;
    private final Clock clock;

    public InboundFolders(HomeFolders home, Clock clock) {
        this.home = home;
        this.clock = clock;
    }

    public Path toArchive(String feed, Path file) {
        return move(file, home.archive(feed, LocalDate.now(clock)));
    }

    /** Where {@link #toArchive} would put the file now: recorded in the registry before the move. */
    public Path archiveTarget(String feed, Path file) {
        return freeName(home.archive(feed, LocalDate.now(clock)), file.getFileName().toString());
    }

    /** Moves the file to the exact place chosen by {@link #archiveTarget}. */
    public Path moveTo(Path file, Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    /**
     * The feed a file given to a job belongs to: it must lie (after normalising, following links)
     * in inbox/<feed>/ or below archive/<feed>/ of this home. Anything else is refused: no job moves,
     * renames or deletes a file outside the home.
     */
    public boolean isInsideFeed(String feed, Path file) {
        return isInInbox(feed, file) || isBelow(file, home.home().resolve("archive").resolve(feed));
    }

    /** A complete file lying directly in inbox/<feed>/ (not in a folder below it, not a NAME.tmp still being written). */
    public boolean isInInbox(String feed, Path file) {
        if (file.getFileName() == null || file.getFileName().toString().endsWith(".tmp")) {
            return false;
        }
        Path real = realPath(file);
        Path inbox = realPath(home.inbox(feed));
        return real != null && inbox != null && inbox.equals(real.getParent());
    }

    private static boolean isBelow(Path file, Path folder) {
        Path real = realPath(file);
        Path root = realPath(folder);
        return real != null && root != null && real.startsWith(root) && !real.equals(root);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves the file to error/<feed>/ and writes the reason a person reads next to it. */
    public Path toError(String feed, Path file, String reason) {
        // the reason first: a crash in between leaves the file in inbox/ (taken in again), never a file in error/ without its reason
        Path target = freeName(home.error(feed), file.getFileName().toString());
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), reason + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reason for " + target, e);
        }
        return moveTo(file, target);
    }

    private static Path move(Path file, Path folder) {
        try {
            Files.createDirectories(folder);
            Path target = freeName(folder, file.getFileName().toString());
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + folder, e);
        }
    }

    private static Path freeName(Path folder, String name) {
        Path target = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(target); n++) {
            target = folder.resolve(stem + "-" + n + extension);
        }
        return target;
    }
}
