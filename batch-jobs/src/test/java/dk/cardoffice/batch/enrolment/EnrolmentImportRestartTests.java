package dk.cardoffice.batch.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * The restart pattern of the Spring Batch samples: the job fails after N committed chunks (here
 * while staging, or while applying), is restarted with the same parameters, and the end state has
 * every member, account, card, card order and enrolment exactly once. Chunks are 7 lines.
 */
public abstract class EnrolmentImportRestartTests extends EnrolmentTestSupport {

    @Test
    void aCrashAfterAMailWentOutBeforeItWasMarkedSentDoesNotSendItTwice() throws Exception {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        EnrolmentFiles.Pupil leaving = pupils.get(5);
        Path second = EnrolmentFiles.school(drop, school, "20261121061500", pupils.stream().filter(p -> p != leaving).toList());
        crashPoints.arm("mail.sent", 0);

        JobExecution crashed = importFile(second);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(mailsTo(leaving.guardianEmail())).isEqualTo(1);

        JobExecution restarted = importFile(second);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(mailsTo(leaving.guardianEmail())).isEqualTo(1);
        assertThat(count("select count(*) from mail_outbox where recipient = ? and delivered_at is not null", leaving.guardianEmail())).isEqualTo(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    private dk.cardoffice.batch.launch.ExecutionRecovery recovery;

    @Test
    void aFileWhoseJobEndedBeforeItsOutcomeWasRecordedIsRecordedByRecoveryAndItsCardsAreExported() {
        String school = newInstitution();
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", newPupils(3));
        crashPoints.arm("intake.outcome-recorded", 0); // Spring Batch has saved the job COMPLETED; its file listener fails

        JobExecution ended = importFile(file);

        assertThat(ended.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String status = "select status from file_registry where job_execution_id = ?";
        assertThat(jdbc.queryForObject(status, String.class, ended.getId())).isEqualTo("LAUNCHED");
        assertThat(ended.getStepExecutions()).extracting(s -> s.getStepName()).contains("export-card-orders"); // a step: saved before the end
        recovery.recoverOrphans();
        assertThat(jdbc.queryForObject(status, String.class, ended.getId())).as("within the grace its listener may still run").isEqualTo("LAUNCHED");

        jdbc.update("update batch_job_execution set end_time = end_time - interval '1' minute where job_execution_id = ?", ended.getId());
        recovery.recoverOrphans();

        assertThat(jdbc.queryForObject(status, String.class, ended.getId())).isEqualTo("PROCESSED");
    }

    private long mailsTo(String recipient) throws Exception {
        try (Stream<Path> files = Files.list(home.outbox("mail"))) {
            return files.filter(f -> f.toString().endsWith(".eml")).filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8).contains("To: " + recipient + "\r\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"enrolment-import.chunk-staged", "enrolment-import.chunk-applied"})
    void aRunThatCrashesMidFileIsRestartedWithoutDoublingAnything(String crashPoint) {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(40);
        EnrolmentFiles.Pupil straddling = pupils.get(13);
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", pupils,
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", straddling)); // a duplicate CPR in a later chunk
        crashPoints.arm(crashPoint, 2);

        JobExecution crashed = importFile(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(crashed.getExitStatus().getExitDescription()).contains("simulated crash at " + crashPoint);

        JobExecution restarted = run(EnrolmentImportJobConfig.JOB_NAME, Map.of("file", file.toString()));

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(crashed.getJobInstanceId());
        assertThat(count("select count(*) from enrolment where institution_no = ?", school)).isEqualTo(40);
        assertThat(count("select count(distinct e.member_id) from enrolment e where e.institution_no = ?", school)).isEqualTo(40);
        assertThat(count("select count(*) from account a join enrolment e on e.member_id = a.member_id where e.institution_no = ?", school))
                .isEqualTo(40);
        assertThat(count("select count(*) from card c join account a on a.id = c.account_id join enrolment e on e.member_id = a.member_id"
                + " where e.institution_no = ?", school)).isEqualTo(40);
        assertThat(count("select count(*) from card_order o join card c on c.id = o.card_id join account a on a.id = c.account_id"
                + " join enrolment e on e.member_id = a.member_id where e.institution_no = ?", school)).isEqualTo(40);
        assertThat(count("select count(*) from member_guardian mg join enrolment e on e.member_id = mg.member_id where e.institution_no = ?",
                school)).isEqualTo(40);
        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt).hasSize(41);
        assertThat(receipt.subList(0, 40)).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("CREATED"));
        assertThat(receipt.get(40).get("status")).isEqualTo("REJECTED");
        assertThat(receipt.get(40).get("line")).isEqualTo("42");
        assertThat(receipt.stream().map(r -> r.get("account_no")).filter(a -> !a.isEmpty()).distinct()).hasSize(40);
    }

    @Test
    void aProcessKilledBeforeTheJobContextWasSavedRestartsByCheckingTheFileAgain() {
        String school = newInstitution();
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", newPupils(20));
        crashPoints.arm("enrolment-import.chunk-staged", 1);
        JobExecution crashed = importFile(file);
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        loseJobContext(crashed);

        JobExecution restarted = importFile(file);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(crashed.getJobInstanceId());
        assertThat(count("select count(*) from enrolment where institution_no = ?", school)).isEqualTo(20);
    }

    @Test
    void anInstanceADeadProcessLeftWithoutAnExecutionDoesNotBlockTheFileForEver() throws Exception {
        String school = newInstitution();
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", newPupils(3)).toRealPath();
        // what a process killed between Spring Batch's two transactions (instance, then execution) leaves behind
        jobRepository.createJobInstance(EnrolmentImportJobConfig.JOB_NAME, new org.springframework.batch.core.job.parameters.JobParametersBuilder()
                .addString("file", file.toString(), true).addString("sha256", dk.cardoffice.batch.support.FileHashes.sha256(file), true)
                .toJobParameters());

        JobExecution run = importFile(file);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("select count(*) from enrolment where institution_no = ?", school)).isEqualTo(3);
    }
}
