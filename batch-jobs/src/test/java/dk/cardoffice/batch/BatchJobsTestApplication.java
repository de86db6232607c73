package dk.cardoffice.batch;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The pipelines without the web application around them, for the job tests of this module. */
@SpringBootApplication
public class BatchJobsTestApplication {
}
