package dk.cardoffice.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generated files where a job takes them: a job is launched only with a file of its feed's folders (JobStarter). */
final class BenchFiles {

    private BenchFiles() {
    }

    /** The files in home/archive/{@code feed}/{@code folder}/: hard links, or copies with CRLF line ends (new content, same lines). */
    static List<Path> intoArchive(Path home, String feed, String folder, List<Path> files, boolean crlf) throws IOException {
        Path target = Files.createDirectories(home.resolve("archive").resolve(feed).resolve(folder));
        List<Path> placed = new ArrayList<>(files.size());
        for (Path file : files) {
            Path to = target.resolve(file.getFileName());
            if (!crlf) {
                Files.createLink(to, file);
            } else {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                        BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        out.write(line);
                        out.write("\r\n");
                    }
                }
            }
            placed.add(to);
        }
        return placed;
    }
}
