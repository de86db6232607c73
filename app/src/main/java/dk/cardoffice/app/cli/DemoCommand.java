package dk.cardoffice.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.cardorders.CardOrderExportJobConfig;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerVerifier;

/**
 * {@code demo} (contract §11): runs every pipeline that exists once over the sample files in a
 * fresh home and prints what it did and where the outputs are.
 */
@Component
public class DemoCommand {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private final HomeFolders home;
    private final JobStarter jobs;
    private final LedgerVerifier verifier;

    public DemoCommand(HomeFolders home, JobStarter jobs, LedgerVerifier verifier) {
        this.home = home;
        this.jobs = jobs;
        this.verifier = verifier;
    }

    public int run(PrintStream out) {
        out.println("cardoffice demo");
        out.println("  home: " + home.home());
        out.println("  database: embedded H2 under " + home.db() + " (unless spring.datasource.url is set)");
        out.println();

        JobExecution export = runJob(out, CardOrderExportJobConfig.JOB_NAME, Map.of());
        out.println("    card orders for the card vendor: " + home.outbox("card-orders"));

        out.println();
        LedgerReport report = verifier.verify();
        out.print(report.render());
        out.println();
        out.println("Outputs are under " + home.home() + ": outbox/ (files for others), archive/ (processed inbound files),"
                + " error/ (inbound files that could not be processed).");
        boolean allCompleted = export.getStatus().name().equals("COMPLETED");
        return allCompleted && report.intact() ? 0 : 1;
    }

    private JobExecution runJob(PrintStream out, String jobName, Map<String, String> parameters) {
        long id = jobs.start(jobName, parameters);
        JobExecution execution = jobs.awaitEnd(id, JOB_TIMEOUT);
        out.printf("  %-28s %s (exit %s)%n", jobName, execution.getStatus(), execution.getExitStatus().getExitCode());
        for (StepExecution step : execution.getStepExecutions()) {
            out.printf("    step %-24s read %d, written %d, skipped %d%n", step.getStepName(), step.getReadCount(),
                    step.getWriteCount(), step.getSkipCount());
        }
        return execution;
    }
}
