package dk.cardoffice.integrations.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.enrolment.EnrolmentImportJobConfig;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.sales.SalesPostingJobConfig;
import dk.cardoffice.batch.payouts.BankStatusImportJobConfig;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.ExecutionOwners;
import dk.cardoffice.batch.launch.ExecutionRecovery;
import dk.cardoffice.batch.launch.JobNodes;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.batch.launch.StopRequests;
import dk.cardoffice.integrations.lifecycle.GracefulShutdown;
import dk.cardoffice.integrations.lifecycle.NodeHeartbeat;
import dk.cardoffice.integrations.lifecycle.StartupRecovery;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeConfiguration {

    /** Which job processes which feed; each later feed adds its line here. */
    public static Map<String, String> jobsByFeed() {
        Map<String, String> feeds = new LinkedHashMap<>();
        feeds.put(EnrolmentImportJobConfig.FEED, EnrolmentImportJobConfig.JOB_NAME);
        feeds.put(SalesPostingJobConfig.FEED, SalesPostingJobConfig.JOB_NAME);
        feeds.put(SettlementReconciliationJobConfig.FEED, SettlementReconciliationJobConfig.JOB_NAME);
        feeds.put(BankStatusImportJobConfig.FEED, BankStatusImportJobConfig.JOB_NAME);
        return feeds;
    }

    @Bean
    FileIntake fileIntake(FileRegistry registry, InboundFolders folders, JobStarter jobs, IntakeProperties properties) {
        return new FileIntake(registry, folders, jobs, properties.jobTimeout());
    }

    @Bean
    @ConditionalOnProperty(name = "cardoffice.intake.enabled", havingValue = "true", matchIfMissing = true)
    IntakeRoutes intakeRoutes(HomeFolders home, FileIntake intake, IntakeProperties properties) {
        return new IntakeRoutes(home, intake, jobsByFeed(), properties);
    }

    /** Recovery at start, then the folder watch (docs/operations.md). The commands (demo, verify-ledger) recover nothing. */
    @Bean
    StartupRecovery startupRecovery(ExecutionRecovery recovery, JobStarter jobs, FileIntake intake, CamelContext camel,
            IntakeProperties properties, @Value("${cardoffice.recovery.enabled:true}") boolean recoverExecutions) {
        return new StartupRecovery(recovery, jobs, intake, jobsByFeed(), camel, properties.enabled(), recoverExecutions, properties.jobTimeout());
    }

    @Bean
    GracefulShutdown gracefulShutdown(FileIntake intake, JobStarter jobs, StopRequests stops, ExecutionOwners owners, JobNodes nodes,
            @Value("${cardoffice.shutdown.grace-period:30s}") Duration gracePeriod) {
        return new GracefulShutdown(intake, jobs, stops, owners, nodes, gracePeriod);
    }

    @Bean
    NodeHeartbeat nodeHeartbeat(JobNodes nodes, ExecutionRecovery recovery, StartupRecovery startup,
            @Value("${cardoffice.recovery.enabled:true}") boolean recoverExecutions) {
        return new NodeHeartbeat(nodes, recovery, startup, recoverExecutions);
    }
}
