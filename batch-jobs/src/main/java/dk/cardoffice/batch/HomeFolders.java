package dk.cardoffice.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** The folder layout of contract §1 under cardoffice.home. */
public final class HomeFolders {

    /** The inbound feeds, each with inbox/, archive/ and error/ folders. */
    public static final List<String> FEEDS = List.of("enrolment", "sales", "settlement", "bank-status");
    /** The outbound folders under outbox/. */
    public static final List<String> OUTBOXES = List.of("card-orders", "enrolment-receipts", "sales-receipts", "payouts", "reports", "mail");

    private final Path home;

    public HomeFolders(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path db() {
        return home.resolve("db");
    }

    public Path inbox(String feed) {
        return home.resolve("inbox").resolve(feed);
    }

    public Path outbox(String name) {
        return home.resolve("outbox").resolve(name);
    }

    public Path archive(String feed, LocalDate day) {
        return home.resolve("archive").resolve(feed).resolve(day.toString());
    }

    public Path error(String feed) {
        return home.resolve("error").resolve(feed);
    }

    /** Creates every folder that is missing; existing ones and their files are left alone. */
    public HomeFolders createAll() {
        try {
            Files.createDirectories(db());
            for (String feed : FEEDS) {
                Files.createDirectories(inbox(feed));
                Files.createDirectories(error(feed));
                Files.createDirectories(home.resolve("archive").resolve(feed));
            }
            for (String outbox : OUTBOXES) {
                Files.createDirectories(outbox(outbox));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the home folder layout under " + home, e);
        }
    }
}
