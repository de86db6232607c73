package dk.cardoffice.batch;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings under {@code cardoffice.*} that the pipelines read (contract §12). Defaults run the
 * demo; config/application.yml documents every key.
 *
 * @param home      the home folder (contract §1)
 * @param cprKey    secret for the keyed hash under which CPR numbers are stored
 * @param schedules the Quartz schedules
 * @param portal    the parents' portal API (contract §7)
 * @param payout    the pain.001 debtor and initiating party (contract §6)
 */
@ConfigurationProperties("cardoffice")
public record CardofficeProperties(
        @DefaultValue("./var") Path home,
        String cprKey,
        @DefaultValue Schedules schedules,
        @DefaultValue Portal portal,
        @DefaultValue Payout payout,
        @DefaultValue Enrolment enrolment,
        @DefaultValue Sales sales,
        @DefaultValue Settlement settlement,
        @DefaultValue Mail mail,
        @DefaultValue Finance finance) {

    /**
     * @param chunkSize           settlement lines reconciled per transaction
     * @param unsettledAfterDays  a deposit no settlement has settled this many days after it was recorded is UNSETTLED
     * @param unsettledCheckCron  when the daily schedule looks for unsettled deposits (Quartz cron, Copenhagen time)
     */
    public record Settlement(@DefaultValue("2500") int chunkSize, @DefaultValue("3") int unsettledAfterDays,
            @DefaultValue("0 30 6 * * ?") String unsettledCheckCron) {
    }

    /** @param chunkSize sales (not lines) posted per transaction */
    public record Sales(@DefaultValue("2000") int chunkSize) {
    }

    /**
     * @param massLeave when a snapshot is held back instead of applied
     * @param chunkSize lines staged and applied per transaction
     */
    public record Enrolment(@DefaultValue MassLeave massLeave, @DefaultValue("5000") int chunkSize) {
    }

    /**
     * A snapshot that would end more than {@code maxShare} of an institution's active enrolments
     * and more than {@code minCount} of them is held for an operator.
     */
    public record MassLeave(@DefaultValue("0.20") double maxShare, @DefaultValue("10") int minCount) {
    }

    /**
     * @param from        the sender of every e-mail cardoffice sends
     * @param retryAfter  the first pause after the SMTP server could not take a message (doubles per attempt, at most an hour)
     * @param maxAttempts attempts before a message that keeps failing is marked failed
     * @param poll        how often the background sender looks for mail that is due (retries, mail no job step sent)
     * @param statementsCron when the nightly statements of the day before are sent (Quartz cron, Copenhagen time)
     * @param statementsChunkSize accounts whose statements are made and queued per transaction
     * @param connections SMTP connections a delivery round uses at once (each sends its own pages)
     */
    public record Mail(@DefaultValue("Betalingskort <noreply@betalingskort.invalid>") String from, @DefaultValue("1m") java.time.Duration retryAfter,
            @DefaultValue("20") int maxAttempts, @DefaultValue("30s") java.time.Duration poll, @DefaultValue("0 0 5 * * ?") String statementsCron,
            @DefaultValue("200") int statementsChunkSize, @DefaultValue("2") int connections) {
    }

    /**
     * @param apiKeys       the keys accepted in X-Api-Key (comma-separated; in clear or as sha256:&lt;hex&gt;)
     * @param maxDeposit    the largest single deposit, DKK
     * @param maxBalance    the largest balance a deposit may lead to, DKK
     * @param replacementFee what a replacement card costs
     */
    public record Portal(@DefaultValue List<String> apiKeys, @DefaultValue("2000") long maxDeposit, @DefaultValue("5000") long maxBalance,
            @DefaultValue("45.00") String replacementFee) {

        /** The fee for a replacement card (the first card is free), DKK with '.' and two decimals. */
        public long replacementFeeOre() {
            return dk.cardoffice.ledger.Money.parseDkk(replacementFee);
        }

        public long maxDepositOre() {
            return Math.multiplyExact(maxDeposit, 100);
        }

        public long maxBalanceOre() {
            return Math.multiplyExact(maxBalance, 100);
        }
    }

    /**
     * @param debtor          the client-funds account every payout is paid from (name, IBAN, BIC)
     * @param initiatingParty who sends the files (name, id the bank knows)
     * @param runCron         when the nightly payout run sends the queued withdrawals (Quartz cron, Copenhagen time)
     * @param statusChunkSize statuses of a pain.002 report applied per transaction
     */
    public record Payout(@DefaultValue Party debtor, @DefaultValue Party initiatingParty, @DefaultValue("0 0 22 * * ?") String runCron,
            @DefaultValue("1000") int statusChunkSize) {
    }

    /** A party of the payout file: the debtor has name, IBAN and BIC; the initiating party name and id. */
    public record Party(String name, String iban, String bic, String id) {
    }

    /** @param enabled false switches every schedule off: jobs then run only when launched */
    /** @param reportCron when yesterday's finance report is written (Quartz cron, Copenhagen time) */
    public record Finance(@DefaultValue("0 0 6 * * ?") String reportCron) {
    }

    public record Schedules(@DefaultValue("true") boolean enabled) {
    }
}
