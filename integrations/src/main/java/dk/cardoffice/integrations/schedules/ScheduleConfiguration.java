package dk.cardoffice.integrations.schedules;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.springframework.boot.quartz.autoconfigure.JobStoreType;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;

import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.batch.payouts.PayoutRunJobConfig;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.batch.finance.FinanceReportJobConfig;
import dk.cardoffice.batch.statements.StatementsJobConfig;

/**
 * The schedules (Quartz, JDBC job store in the application's database, tables from Flyway V9). With
 * {@code cardoffice.schedules.enabled=false} the scheduler is not started: nothing fires, jobs run only
 * when launched; the schedules are still registered so the console can show them.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

    /** Every schedule of the application; each later time-based job adds its line here. */
    @Bean
    List<Schedule> schedules(CardofficeProperties properties) {
        return List.of(new Schedule("settlement-unsettled-check",
                "Marks deposits no settlement file has settled " + properties.settlement().unsettledAfterDays() + " days after they were recorded",
                properties.settlement().unsettledCheckCron(), SettlementReconciliationJobConfig.JOB_NAME, Map.of()),
                new Schedule("payout-run", "Sends every queued withdrawal to the bank in one pain.001 file (execution: the next bank day)",
                        properties.payout().runCron(), PayoutRunJobConfig.JOB_NAME, Map.of()),
                new Schedule("statements", "E-mails each guardian yesterday's statement of every account that moved, and low-balance notices",
                        properties.mail().statementsCron(), StatementsJobConfig.JOB_NAME, Map.of()),
                new Schedule("finance-report", "Writes yesterday's finance report (reconciliation, safeguarding, liability listing) to outbox/reports/",
                        properties.finance().reportCron(), FinanceReportJobConfig.JOB_NAME, Map.of()));
    }

    @Bean
    ScheduleRegistrar scheduleRegistrar(Scheduler scheduler, List<Schedule> schedules, JobStarter jobs) {
        return new ScheduleRegistrar(scheduler, schedules, schedule -> jobs.spec(schedule.jobName()).businessDayParameter() != null);
    }

    /** Quartz needs the SQL dialect of the job store's database; the scheduler starts only when schedules are enabled. */
    @Bean
    SchedulerFactoryBeanCustomizer cardofficeScheduler(DataSource dataSource, CardofficeProperties properties, QuartzProperties quartzProperties) {
        return factory -> {
            factory.setAutoStartup(properties.schedules().enabled());
            factory.setStartupDelay(0);
            if (quartzProperties.getJobStoreType() != JobStoreType.JDBC) {
                return; // spring.quartz.job-store-type=memory (a benchmark, a tool): nothing kept, no dialect needed
            }
            String product;
            try {
                product = JdbcUtils.extractDatabaseMetaData(dataSource, java.sql.DatabaseMetaData::getDatabaseProductName);
            } catch (org.springframework.jdbc.support.MetaDataAccessException e) {
                throw new IllegalStateException("cannot tell which database the job store is in", e);
            }
            java.util.Properties quartz = new java.util.Properties();
            quartz.setProperty("org.quartz.jobStore.driverDelegateClass", product.equals("PostgreSQL")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            quartz.setProperty("org.quartz.threadPool.threadCount", "2");
            // set here rather than under spring.quartz.properties, which this call replaces
            factory.setQuartzProperties(quartz);
        };
    }
}
