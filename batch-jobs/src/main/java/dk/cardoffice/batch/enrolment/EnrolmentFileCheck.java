package dk.cardoffice.batch.enrolment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.intake.InboundFileListener;

/**
 * Step 1 of enrolment-import: is the file as a whole readable? Wrong name, no header, missing
 * required columns, or a line for another institution than the name says reject the whole file
 * (exit code REJECTED, the reason in the exit description); nothing of it is applied. A good file
 * leaves its charset and institution in the job's execution context for the next steps.
 */
public class EnrolmentFileCheck implements Tasklet {

    static final String CHARSET = "enrolment.charset";
    static final String INSTITUTION_NO = "enrolment.institutionNo";
    static final String INSTITUTION_NAME = "enrolment.institutionName";
    static final String INSTITUTION_TYPE = "enrolment.institutionType";

    private final JdbcTemplate jdbc;

    public EnrolmentFileCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Path file = Path.of(chunkContext.getStepContext().getStepExecution().getJobParameters().getString("file"));
        ExecutionContext job = chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
        String problem = check(file, job);
        if (problem != null) {
            contribution.setExitStatus(new ExitStatus(InboundFileListener.REJECTED, problem));
            // the flow ends on the step's exit code; the job carries the reason from here on
            chunkContext.getStepContext().getStepExecution().getJobExecution()
                    .setExitStatus(new ExitStatus(InboundFileListener.REJECTED, problem));
            return RepeatStatus.FINISHED;
        }
        jdbc.update("""
                insert into institution (institution_no, name, type) values (?, ?, ?) on conflict do nothing""",
                job.getString(INSTITUTION_NO), job.getString(INSTITUTION_NAME), job.getString(INSTITUTION_TYPE));
        jdbc.update("update institution set name = ?, type = ?, updated_at = current_timestamp where institution_no = ? and (name <> ? or type <> ?)",
                job.getString(INSTITUTION_NAME), job.getString(INSTITUTION_TYPE), job.getString(INSTITUTION_NO),
                job.getString(INSTITUTION_NAME), job.getString(INSTITUTION_TYPE));
        return RepeatStatus.FINISHED;
    }

    /** The reason the file cannot be processed at all, or null when it can. */
    String check(Path file, ExecutionContext job) {
        String name = file.getFileName().toString();
        String institutionNo = EnrolmentFileFormat.institutionOf(name);
        if (institutionNo == null) {
            return "wrong file name '" + name + "': expected enrolment_<6-digit institution number>_<yyyyMMddHHmmss>.csv";
        }
        try {
            if (Files.size(file) == 0) {
                return "the file is empty: the first line must be the header";
            }
        } catch (IOException e) {
            return "the file cannot be read";
        }
        Charset charset = EnrolmentFileFormat.detectCharset(file);
        try (Reader reader = EnrolmentFileFormat.open(file, charset); CSVParser csv = EnrolmentFileFormat.CSV.parse(reader)) {
            Map<String, Integer> header = csv.getHeaderMap();
            if (header == null || header.isEmpty()) {
                return "the file is empty: the first line must be the header";
            }
            List<String> missing = new ArrayList<>();
            for (String column : EnrolmentFileFormat.REQUIRED) {
                if (header.keySet().stream().noneMatch(h -> h != null && h.trim().toLowerCase(Locale.ROOT).equals(column))) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                return "the header lacks the required column(s) " + String.join(", ", missing)
                        + " (is the first line the header, separated by ';'?)";
            }
            String institutionName = null;
            String institutionType = null;
            long lineAfterPrevious = csv.getCurrentLineNumber();
            for (CSVRecord record : csv) {
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = csv.getCurrentLineNumber();
                String recordInstitution = record.isMapped("institution_no") && record.isSet("institution_no") ? record.get("institution_no") : "";
                if (!recordInstitution.equals(institutionNo)) {
                    return "line " + line + " is for institution '" + recordInstitution + "' but the file name says " + institutionNo
                            + ": a snapshot holds one institution";
                }
                if (institutionName == null) {
                    institutionName = record.isSet("institution_name") ? record.get("institution_name") : "";
                    institutionType = record.isSet("institution_type") ? record.get("institution_type").toUpperCase(Locale.ROOT) : "";
                    if (institutionName.isEmpty()) {
                        return "line " + line + ": institution_name is empty";
                    }
                    if (!institutionType.equals("SCHOOL") && !institutionType.equals("CLUB")) {
                        return "line " + line + ": institution_type must be SCHOOL or CLUB, not '" + institutionType + "'";
                    }
                }
            }
            if (institutionName == null) {
                return "the file has a header but no pupils: a snapshot of an institution with no pupils would end every enrolment;"
                        + " send it again with the roster";
            }
            job.putString(CHARSET, charset.name());
            job.putString(INSTITUTION_NO, institutionNo);
            job.putString(INSTITUTION_NAME, institutionName);
            job.putString(INSTITUTION_TYPE, institutionType);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return "the file is not readable as ';'-separated CSV: " + e.getMessage();
        }
    }
}
