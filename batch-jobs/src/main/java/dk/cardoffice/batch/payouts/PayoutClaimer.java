package dk.cardoffice.batch.payouts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.HomeFolders;

/**
 * Step 1 of payout-run: every queued withdrawal goes into one new payout file. In the step's one transaction: the
 * file's row (MsgId, name, CreDtTm, execution date, the debtor and initiating party as configured now), the
 * withdrawals claimed for it (QUEUED → SENT, once: a claimed withdrawal is never claimed again), the file written
 * to {@code NAME.tmp} and forced to disk, and its count, sum and SHA-256 recorded. A crash before the commit leaves
 * nothing claimed (the tmp file is overwritten by the next claim of that name, or never published); after it, step
 * 2 publishes exactly these bytes.
 */
public class PayoutClaimer implements Tasklet {

    public static final String EXECUTION_DATE = "executionDate";
    /** 18 digits, two of them decimals: the largest CtrlSum the schema allows. */
    private static final java.math.BigDecimal MAX_CTRL_SUM_ORE = new java.math.BigDecimal("999999999999999999");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final JdbcTemplate jdbc;
    private final PayoutFiles files;
    private final HomeFolders home;
    private final CardofficeProperties.Payout settings;
    private final Clock clock;

    public PayoutClaimer(JdbcTemplate jdbc, PayoutFiles files, HomeFolders home, CardofficeProperties.Payout settings, Clock clock) {
        this.jdbc = jdbc;
        this.files = files;
        this.home = home;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        CardofficeProperties.Party debtor = settings.debtor();
        if (!Iban.isValid(debtor.iban())) {
            throw new IllegalStateException("cardoffice.payout.debtor.iban '" + debtor.iban() + "' is not a valid IBAN (check digits or length):"
                    + " no payout file was made");
        }
        if (debtor.bic() == null || !debtor.bic().strip().matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            throw new IllegalStateException("cardoffice.payout.debtor.bic '" + debtor.bic() + "' is not a BIC: no payout file was made");
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate executionDate = executionDate(chunkContext.getStepContext().getJobParameters(), today);

        // one claim at a time: overlapping runs (schedule, operator) queue here; the second finds nothing left
        jdbc.queryForObject("select name from job_lock where name = 'payout-run' for update", String.class);
        Integer queued = jdbc.queryForObject("select count(*) from withdrawal where status = 'QUEUED'", Integer.class);
        if (queued == null || queued == 0) {
            return RepeatStatus.FINISHED;
        }
        // one moment for the file's name, its CreDtTm and its day in the finance report
        OffsetDateTime at = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime now = at.toLocalDateTime();
        String fileName = freeFileName(now);
        String creDtTm = at.toString();
        CardofficeProperties.Party initiator = settings.initiatingParty();
        jdbc.update("""
                insert into payout_file (file_name, cre_dt_tm, execution_date, tx_count, ctrl_sum_ore, debtor_name, debtor_iban, debtor_bic,
                                         initiating_party_name, initiating_party_id, job_execution_id, status, created_at)
                values (?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, 'CLAIMED', ?)""", fileName, creDtTm, executionDate, debtor.name(),
                debtor.iban().replace(" ", ""), debtor.bic().strip(), initiator.name(), initiator.id(),
                chunkContext.getStepContext().getStepExecution().getJobExecutionId(),
                java.sql.Timestamp.from(at.toInstant()));
        long id = jdbc.queryForObject("select id from payout_file where file_name = ?", Long.class, fileName);
        jdbc.update("update payout_file set msg_id = ? where id = ?", PayoutFile.msgIdOf(id), id);
        int claimed = jdbc.update("update withdrawal set status = 'SENT', payout_file_id = ?, updated_at = current_timestamp where status = 'QUEUED'", id);
        Map<String, Object> totals = jdbc.queryForMap("select count(*) as n, coalesce(sum(amount_ore), 0) as total from withdrawal where payout_file_id = ?", id);
        java.math.BigDecimal total = new java.math.BigDecimal(totals.get("total").toString());
        if (total.compareTo(MAX_CTRL_SUM_ORE) > 0) {
            // CtrlSum has at most 18 digits in pain.001: roll back the claim rather than write a file the bank refuses
            throw new IllegalStateException("the queued withdrawals add up to " + total.movePointLeft(2) + " DKK, more than one pain.001 file can"
                    + " carry: nothing was claimed");
        }
        jdbc.update("update payout_file set tx_count = ?, ctrl_sum_ore = ? where id = ?", ((Number) totals.get("n")).intValue(),
                total.longValueExact(), id);
        PayoutFile file = files.find(id);
        String sha256 = files.writeTmp(file, home.outbox("payouts").resolve(fileName));
        jdbc.update("update payout_file set sha256 = ? where id = ?", sha256, id);
        contribution.incrementFilterCount(claimed);
        return RepeatStatus.FINISHED;
    }

    /** The operator's date (yyyy-MM-dd), which must be a bank day from today on; else the next bank day after today. */
    static LocalDate executionDate(Map<String, Object> parameters, LocalDate today) {
        Object given = parameters.get(EXECUTION_DATE);
        if (given == null || given.toString().isBlank()) {
            return BankDays.nextBankDayAfter(today);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(given.toString().strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("executionDate '" + given + "' is not a date like 2026-12-07: no payout file was made");
        }
        if (date.isBefore(today) || !BankDays.isBankDay(date)) {
            throw new IllegalArgumentException("executionDate " + date + " is " + (date.isBefore(today) ? "in the past" : "not a Danish bank day")
                    + " (the next is " + BankDays.nextBankDayAfter(date.isBefore(today) ? today : date.minusDays(1)) + "): no payout file was made");
        }
        return date;
    }

    /** payouts_<yyyyMMddHHmmss>.xml, one second later if an earlier file has that name. */
    private String freeFileName(LocalDateTime stamp) {
        while (true) {
            String name = "payouts_" + STAMP.format(stamp) + ".xml";
            Integer taken = jdbc.queryForObject("select count(*) from payout_file where file_name = ?", Integer.class, name);
            if (taken == null || taken == 0) {
                return name;
            }
            stamp = stamp.plusSeconds(1);
        }
    }
}
