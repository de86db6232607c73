package dk.cardoffice.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The pipelines without web server, schedules or folder intake: what a benchmark drives. */
@SpringBootApplication(scanBasePackages = {"dk.cardoffice.batch", "dk.cardoffice.integrations"})
public class BenchApplication {
}
