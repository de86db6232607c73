package dk.cardoffice.app.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.HomeFolders;

/**
 * The finance reports in outbox/reports/ (contract §13), listed newest first and downloadable (operations API, role
 * FINANCE or OPERATOR). Only a report's own name is served: no path, no other file.
 */
@RestController
@RequestMapping("/api/v1/ops/reports")
public class ReportOperationsController {

    /** daily_2026-12-05.xlsx, daily_2026-12-05_summary.csv, liability_2026-12-05.csv */
    private static final Pattern REPORT = Pattern.compile("(daily|liability)_\\d{4}-\\d{2}-\\d{2}(_[a-z-]+)?\\.(csv|xlsx)");
    private static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public record Report(String name, long sizeBytes, Instant writtenAt, String download) {
    }

    private final HomeFolders home;

    public ReportOperationsController(HomeFolders home) {
        this.home = home;
    }

    @GetMapping
    public List<Report> list() throws IOException {
        try (Stream<Path> files = Files.list(home.outbox("reports"))) {
            return files.filter(f -> REPORT.matcher(f.getFileName().toString()).matches())
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .map(f -> {
                        try {
                            String name = f.getFileName().toString();
                            return new Report(name, Files.size(f), Files.getLastModifiedTime(f).toInstant(), "/api/v1/ops/reports/" + name);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    @GetMapping("/{name}")
    public ResponseEntity<Resource> download(@PathVariable String name) {
        Path file = home.outbox("reports").resolve(name);
        if (!REPORT.matcher(name).matches() || !Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(name.endsWith(".xlsx") ? XLSX : new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(new FileSystemResource(file));
    }
}
