package dk.cardoffice.integrations.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.testing.TestDatabaseInitializer;

/** The schedules in Quartz's JDBC job store, with the real scheduler running: registered, fired, paused across a re-registration. */
@SpringBootTest(classes = dk.cardoffice.integrations.IntegrationsTestApplication.class, properties = "cardoffice.intake.enabled=false")
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class SchedulesFunctionalTests {

    private static final TriggerKey UNSETTLED_CHECK = TriggerKey.triggerKey("settlement-unsettled-check", ScheduleRegistrar.GROUP);

    @Autowired
    Scheduler scheduler;
    @Autowired
    ScheduleRegistrar registrar;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void theUnsettledCheckIsStoredWithItsCronInCopenhagenTimeAndANextFireTime() throws Exception {
        Trigger trigger = scheduler.getTrigger(UNSETTLED_CHECK);

        assertThat(trigger).isInstanceOf(CronTrigger.class);
        assertThat(((CronTrigger) trigger).getCronExpression()).isEqualTo("0 30 6 * * ?");
        assertThat(((CronTrigger) trigger).getTimeZone().getID()).isEqualTo("Europe/Copenhagen");
        assertThat(trigger.getNextFireTime()).isAfter(new Date());
        assertThat(jdbc.queryForObject("select count(*) from qrtz_cron_triggers where trigger_name = 'settlement-unsettled-check'", Integer.class))
                .as("in the database, not in memory").isEqualTo(1);
        assertThat(scheduler.isStarted()).isTrue();
    }

    @Test
    void theNightlyPayoutRunIsScheduledAtTheConfiguredTimeAndFiringItRunsIt() throws Exception {
        TriggerKey payoutRun = TriggerKey.triggerKey("payout-run", ScheduleRegistrar.GROUP);
        Trigger trigger = scheduler.getTrigger(payoutRun);
        assertThat(((CronTrigger) trigger).getCronExpression()).isEqualTo("0 0 22 * * ?");
        assertThat(((CronTrigger) trigger).getTimeZone().getID()).isEqualTo("Europe/Copenhagen");
        String runs = "select count(*) from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id"
                + " where i.job_name = 'payout-run' and e.status = 'COMPLETED'";
        int before = jdbc.queryForObject(runs, Integer.class);

        scheduler.triggerJob(JobKey.jobKey("payout-run", ScheduleRegistrar.GROUP));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.queryForObject(runs, Integer.class) == before && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForObject(runs, Integer.class)).isGreaterThan(before);
    }

    @Test
    void firingTheScheduleNowRunsTheUnsettledCheck() throws Exception {
        String accountNo = newAccount();
        String orderId = "SCHED-" + System.nanoTime();
        Deposits deposits = new Deposits(jdbc, accounts, 1_000_00, 10_000_00);
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> deposits.record(
                new Deposits.Deposit(orderId, accountNo, 100_00, "NETS", "T-" + orderId, Instant.now()), Instant.now()));
        jdbc.update("update deposit set created_at = created_at - interval '5' day where order_id = ?", orderId);
        int runsBefore = runs();

        scheduler.triggerJob(JobKey.jobKey("settlement-unsettled-check", ScheduleRegistrar.GROUP));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"UNSETTLED".equals(status(orderId)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(status(orderId)).isEqualTo("UNSETTLED");
        assertThat(runs()).isGreaterThan(runsBefore);
    }

    @Test
    void aPausedScheduleStaysPausedWhenTheSchedulesAreRegisteredAgain() throws Exception {
        scheduler.pauseTrigger(UNSETTLED_CHECK);
        try {
            registrar.register();
            assertThat(scheduler.getTriggerState(UNSETTLED_CHECK)).isEqualTo(Trigger.TriggerState.PAUSED);
        } finally {
            scheduler.resumeTrigger(UNSETTLED_CHECK);
        }
        assertThat(scheduler.getTriggerState(UNSETTLED_CHECK)).isEqualTo(Trigger.TriggerState.NORMAL);
    }

    @Test
    void daysMissedWhileTheServiceWasDownGetEachTheirOwnFinanceReport() throws Exception {
        TriggerKey report = TriggerKey.triggerKey("finance-report", ScheduleRegistrar.GROUP);
        assertThat(((CronTrigger) scheduler.getTrigger(report)).getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);
        assertThat(((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("statements", ScheduleRegistrar.GROUP))).getMisfireInstruction())
                .isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);
        assertThat(((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("payout-run", ScheduleRegistrar.GROUP))).getMisfireInstruction())
                .isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
        // the service was down for three mornings: the trigger's next fire is still the first of them (and the trigger is older
        // than that: a cron trigger makes no fire times before its start time, which in this test is when the context started)
        java.time.ZoneId copenhagen = java.time.ZoneId.of("Europe/Copenhagen");
        java.time.LocalDate today = java.time.LocalDate.now(copenhagen);
        java.time.LocalDate firstMissed = today.minusDays(3);
        scheduler.standby();
        try {
            jdbc.update("update qrtz_triggers set next_fire_time = ?, start_time = ? where trigger_name = 'finance-report'",
                    firstMissed.atTime(6, 0).atZone(copenhagen).toInstant().toEpochMilli(), firstMissed.minusDays(7).atStartOfDay(copenhagen).toInstant().toEpochMilli());
        } finally {
            scheduler.start();
        }
        // each missed morning reports the day before it
        java.util.List<String> wanted = java.util.List.of(firstMissed.minusDays(1).toString(), firstMissed.toString(), firstMissed.plusDays(1).toString());
        String dates = "select p.parameter_value from batch_job_execution_params p join batch_job_execution e on e.job_execution_id = p.job_execution_id"
                + " join batch_job_instance i on i.job_instance_id = e.job_instance_id where i.job_name = 'finance-report' and p.parameter_name = 'date'"
                + " and e.status = 'COMPLETED'";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!jdbc.queryForList(dates, String.class).containsAll(wanted) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(jdbc.queryForList(dates, String.class)).as("finance-report runs %s, trigger %s", jdbc.queryForList("select e.job_execution_id,"
                + " e.status, e.exit_message, p.parameter_value from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id"
                + " left join batch_job_execution_params p on p.job_execution_id = e.job_execution_id and p.parameter_name = 'date'"
                + " where i.job_name = 'finance-report'"), jdbc.queryForList("select trigger_state, next_fire_time, misfire_instr from qrtz_triggers"
                + " where trigger_name = 'finance-report'")).containsAll(wanted);
        assertThat(scheduler.getTrigger(report).getNextFireTime()).isAfter(new Date());
    }

    private int runs() {
        return jdbc.queryForObject("select count(*) from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id"
                + " where i.job_name = ?", Integer.class, SettlementReconciliationJobConfig.JOB_NAME);
    }

    private String status(String orderId) {
        return jdbc.queryForObject("select status from deposit_settlement_status where order_id = ?", String.class, orderId);
    }

    private String newAccount() {
        String hmac = String.format("sched-%058d", System.nanoTime());
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Sched', 'Uled', 'ACTIVE')", hmac);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        return accounts.openMemberAccount(memberId, "Sched Uled").accountNo();
    }
}
