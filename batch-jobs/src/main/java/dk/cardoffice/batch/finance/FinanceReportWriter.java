package dk.cardoffice.batch.finance;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.statements.StatementsJobConfig;

/**
 * Writes the finance report of the business day {@code date} (contract §13) to outbox/reports/: the sections as CSVs
 * and as sheets of one XLSX, and the liability listing. Every figure is computed from the ledger's movements in one
 * read-only snapshot, so a report for a past day says the same whenever it runs; each file is written to its tmp
 * name and renamed, so a crash leaves the previous version or none, and a restart writes them all again.
 */
public class FinanceReportWriter implements Tasklet {

    private final JdbcTemplate jdbc;
    private final HomeFolders home;
    private final Clock clock;

    public FinanceReportWriter(JdbcTemplate jdbc, HomeFolders home, Clock clock) {
        this.jdbc = jdbc;
        this.home = home;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
        ReportDay day = ReportDay.of(StatementsJobConfig.businessDay(parameters.getString("date"), parameters.getString("launchedAt"), clock));
        List<Path> written = write(day);
        contribution.incrementWriteCount(written.size());
        return RepeatStatus.FINISHED;
    }

    /** Writes every file of the day's report; returns them. */
    public List<Path> write(ReportDay day) {
        LedgerBalances.AtTheDay balances = LedgerBalances.of(jdbc, day);
        LedgerBalances atStart = balances.atStart();
        LedgerBalances atEnd = balances.atEnd();
        LedgerBalances afterEnd = balances.afterEnd();
        List<ReportSection> sections = List.of(
                SummarySection.build(jdbc, day, atStart, atEnd, afterEnd),
                SafeguardingSection.build(day, atEnd),
                SalesByInstitutionSection.build(jdbc, day),
                SettlementSection.build(jdbc, day),
                PayoutsSection.build(jdbc, day),
                ExceptionsSection.build(jdbc, day, atEnd));
        Path reports = home.outbox("reports");
        List<Path> written = new java.util.ArrayList<>();
        for (ReportSection section : sections) {
            Path csv = reports.resolve("daily_" + day.date() + "_" + section.name() + ".csv");
            ReportCsv.write(csv, section);
            written.add(csv);
        }
        Path xlsx = reports.resolve("daily_" + day.date() + ".xlsx");
        ReportXlsx.write(xlsx, sections);
        written.add(xlsx);
        Path liability = reports.resolve("liability_" + day.date() + ".csv");
        LiabilityListing.write(jdbc, liability, day, atEnd);
        written.add(liability);
        return written;
    }
}
