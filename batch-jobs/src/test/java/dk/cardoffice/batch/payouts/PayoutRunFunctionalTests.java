package dk.cardoffice.batch.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dk.cardoffice.batch.support.OutboxFiles;

/** payout-run: every queued withdrawal in exactly one valid pain.001 file, whatever crashes. */
public abstract class PayoutRunFunctionalTests extends PayoutTestSupport {

    private static final String JOB = PayoutRunJobConfig.JOB_NAME;

    @Test
    void writesOneSchemaValidFileWithEveryQueuedWithdrawalThenHasNothingToDo() throws Exception {
        long account = newAccount(99_999_999_999_999_999L + 10_000_00);
        String small = withdraw(account, 1, "Søren Ærø-Østergård", "1234", "1", "Lommepenge æøå");
        String ten = withdraw(account, 123_45, "Zoë Brønnum & Co. <Åse>", "0400", "4401162433", "Tak € \"alt\" <ok> ÿ");
        String max = withdraw(account, 99_999_999_999_999_999L, "A".repeat(70), "9999", "123456789", null);

        JobExecution run = run(JOB, Map.of());

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(run.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        List<Path> files = payoutFiles();
        assertThat(files).hasSize(1);
        Document pain = validAndParsed(files.get(0));
        Element header = (Element) pain.getElementsByTagNameNS(Pain001Writer.NAMESPACE, "GrpHdr").item(0);
        assertThat(text(header, "NbOfTxs")).isEqualTo("3");
        assertThat(text(header, "CtrlSum")).isEqualTo("1000000000000123.45");
        assertThat(text(header, "MsgId")).matches("CARDOFFICE-PAY-\\d{8}");
        Element pmtInf = (Element) pain.getElementsByTagNameNS(Pain001Writer.NAMESPACE, "PmtInf").item(0);
        assertThat(text(pmtInf, "PmtMtd")).isEqualTo("TRF");
        assertThat(text(pmtInf, "IBAN")).isEqualTo("DK5000400440116243");
        LocalDate execution = LocalDate.parse(text(pmtInf, "ReqdExctnDt"));
        assertThat(BankDays.isBankDay(execution)).isTrue();
        assertThat(execution).isEqualTo(BankDays.nextBankDayAfter(LocalDate.now(ZoneId.of("Europe/Copenhagen"))));

        List<Element> txs = transactions(pain);
        assertThat(txs).extracting(t -> text(t, "EndToEndId")).containsExactly(small, ten, max);
        assertThat(txs).extracting(t -> text(t, "InstdAmt")).containsExactly("0.01", "123.45", "999999999999999.99");
        assertThat(txs).extracting(t -> text(t, "Nm")).containsExactly("Søren Ærø-Østergård", "Zoe Brønnum Co. Åse", "A".repeat(70));
        assertThat(txs).extracting(t -> text((Element) t.getElementsByTagNameNS(Pain001Writer.NAMESPACE, "Othr").item(0), "Id"))
                .containsExactly("12340000000001", "04004401162433", "99990123456789");
        assertThat(txs).extracting(t -> text(t, "Cd")).containsOnly("BBAN");
        assertThat(txs).extracting(t -> text(t, "Ustrd")).containsExactly("Lommepenge æøå", "Tak alt ok y", null);
        assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");

        Map<String, Object> recorded = jdbc.queryForMap("select msg_id, tx_count, ctrl_sum_ore, sha256, status from payout_file where file_name = ?",
                files.get(0).getFileName().toString());
        assertThat(recorded.get("msg_id")).isEqualTo(text(header, "MsgId"));
        assertThat(((Number) recorded.get("tx_count")).intValue()).isEqualTo(3);
        assertThat(((Number) recorded.get("ctrl_sum_ore")).longValue()).isEqualTo(100_000_000_000_012_345L);
        assertThat(recorded.get("sha256")).isEqualTo(dk.cardoffice.batch.support.FileHashes.sha256(files.get(0)));
        assertThat(recorded.get("status")).isEqualTo("WRITTEN");
        assertThat(jdbc.queryForList("select distinct status from withdrawal where request_id in (?, ?, ?)", String.class, small, ten, max))
                .containsExactly("SENT");

        JobExecution again = run(JOB, Map.of());
        assertThat(again.getExitStatus().getExitCode()).isEqualTo("NOOP");
        assertThat(payoutFiles()).hasSize(1);
    }

    @Test
    void anOperatorsExecutionDateMustBeABankDay() throws Exception {
        long account = newAccount(100_00);
        withdraw(account, 10_00, "Ida Holm", "1234", "12345678", "Til Ida");
        LocalDate saturday = LocalDate.now().plusWeeks(1).with(java.time.DayOfWeek.SATURDAY);

        JobExecution refused = run(JOB, Map.of("executionDate", saturday.toString()));
        assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(refused.getExitStatus().getExitDescription()).contains("not a Danish bank day");
        assertThat(payoutFiles()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from withdrawal where status = 'QUEUED'", Integer.class)).isEqualTo(1);

        LocalDate monday = BankDays.nextBankDayAfter(saturday);
        JobExecution run = run(JOB, Map.of("executionDate", monday.toString()));
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Element pmtInf = (Element) validAndParsed(payoutFiles().get(0)).getElementsByTagNameNS(Pain001Writer.NAMESPACE, "PmtInf").item(0);
        assertThat(text(pmtInf, "ReqdExctnDt")).isEqualTo(monday.toString());
    }

    @Test
    void crashAfterTheClaimBeforeTheRenamePublishesTheClaimedFileAndNewWithdrawalsGoInTheNextFile() throws Exception {
        long account = newAccount(1_000_00);
        String first = withdraw(account, 100_00, "Ida Holm", "1234", "12345678", "Første");
        String second = withdraw(account, 200_00, "Emil Berg", "1234", "87654321", "Anden");
        crashPoints.arm("payout-run.claimed", 0);

        JobExecution crashed = run(JOB, Map.of());
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(payoutFiles()).isEmpty();
        assertThat(tmpFiles()).hasSize(1);
        byte[] claimed = Files.readAllBytes(tmpFiles().get(0));

        String later = withdraw(account, 300_00, "Freja Lund", "1234", "11112222", "Senere");
        JobExecution recovered = run(JOB, Map.of());

        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<Path> files = payoutFiles();
        assertThat(files).hasSize(2);
        assertThat(Files.readAllBytes(files.get(0))).isEqualTo(claimed);
        assertThat(endToEndIds(files.get(0))).containsExactly(first, second);
        assertThat(endToEndIds(files.get(1))).containsExactly(later);
        assertThat(tmpFiles()).isEmpty();
        assertEveryWithdrawalInExactlyOneFile(List.of(first, second, later));
        assertThat(run(JOB, Map.of()).getExitStatus().getExitCode()).isEqualTo("NOOP");
    }

    @Test
    void aTmpFileDamagedAfterTheClaimIsMadeAgainByteForByte() throws Exception {
        long account = newAccount(1_000_00);
        String first = withdraw(account, 100_00, "Ida Holm", "1234", "12345678", "Første");
        crashPoints.arm("payout-run.claimed", 0);
        assertThat(run(JOB, Map.of()).getStatus()).isEqualTo(BatchStatus.FAILED);
        Path tmp = tmpFiles().get(0);
        byte[] claimed = Files.readAllBytes(tmp);
        Files.write(tmp, java.util.Arrays.copyOf(claimed, claimed.length / 2)); // half of it lost

        JobExecution recovered = run(JOB, Map.of());

        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(payoutFiles()).hasSize(1);
        assertThat(Files.readAllBytes(payoutFiles().get(0))).isEqualTo(claimed);
        assertThat(endToEndIds(payoutFiles().get(0))).containsExactly(first);
    }

    @Test
    void crashAfterTheRenameBeforeTheDatabaseKnowsSendsNothingTwice() throws Exception {
        long account = newAccount(1_000_00);
        String first = withdraw(account, 100_00, "Ida Holm", "1234", "12345678", "Første");
        crashPoints.arm("payout-run.published", 0);

        JobExecution crashed = run(JOB, Map.of());
        assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
        List<Path> published = payoutFiles();
        assertThat(published).hasSize(1);
        assertThat(endToEndIds(published.get(0))).containsExactly(first);
        byte[] sent = Files.readAllBytes(published.get(0));

        JobExecution restarted = run(JOB, Map.of());
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(payoutFiles()).hasSize(1);
        assertThat(Files.readAllBytes(payoutFiles().get(0))).isEqualTo(sent);

        // the same crash, and the bank transfer fetches the file before cardoffice runs again
        String second = withdraw(account, 200_00, "Emil Berg", "1234", "87654321", "Anden");
        crashPoints.arm("payout-run.published", 0);
        assertThat(run(JOB, Map.of()).getStatus()).isEqualTo(BatchStatus.FAILED);
        Path secondFile = payoutFiles().get(1);
        assertThat(endToEndIds(secondFile)).containsExactly(second);
        Files.delete(secondFile);

        assertThat(run(JOB, Map.of()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(payoutFiles()).hasSize(1);
        assertThat(tmpFiles()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from payout_file where status <> 'WRITTEN'", Integer.class)).isZero();
        assertThat(run(JOB, Map.of()).getExitStatus().getExitCode()).isEqualTo("NOOP");
    }

    @Test
    void aWithdrawalCancelledBeforeTheRunStaysOutOfTheFile() throws Exception {
        long account = newAccount(1_000_00);
        String kept = withdraw(account, 100_00, "Ida Holm", "1234", "12345678", "Beholdt");
        String cancelled = withdraw(account, 200_00, "Emil Berg", "1234", "87654321", "Annulleret");
        cancel(cancelled);

        run(JOB, Map.of());

        assertThat(endToEndIds(payoutFiles().get(0))).containsExactly(kept);
        assertThat(OutboxFiles.tmpFor(payoutFiles().get(0))).doesNotExist();
    }
}
