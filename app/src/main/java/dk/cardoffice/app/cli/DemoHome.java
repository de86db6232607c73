package dk.cardoffice.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Gives {@code demo} a fresh home before the database opens. A home the demo made before (it
 * carries the {@value #MARKER} file) is emptied and used again, so the demo can be run any number
 * of times; any other non-empty folder is refused, so the demo never wipes a real installation.
 */
public class DemoHome implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    public static final String MARKER = ".cardoffice-demo-home";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Path home = Path.of(event.getEnvironment().getProperty("cardoffice.home", "./var")).toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(home) && !isEmpty(home)) {
                if (!Files.exists(home.resolve(MARKER))) {
                    throw new IllegalStateException("the demo needs a fresh home, but " + home + " is in use and was not made by"
                            + " the demo; run it with --cardoffice.home=<an empty or new folder>");
                }
                deleteContents(home);
            }
            Files.createDirectories(home);
            Files.writeString(home.resolve(MARKER), "made by `cardoffice demo`; the next demo run empties this folder\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare demo home " + home, e);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path home) throws IOException {
        try (Stream<Path> tree = Files.walk(home)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(home)) {
                    Files.delete(path);
                }
            }
        }
    }
}
