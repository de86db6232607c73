package dk.cardoffice.integrations.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dk.cardoffice.batch.HomeFolders;
import dk.cardoffice.batch.enrolment.EnrolmentImportJobConfig;
import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.batch.sales.SalesPostingJobConfig;
import dk.cardoffice.batch.settlement.SettlementReconciliationJobConfig;
import dk.cardoffice.batch.intake.InboundFolders;
import dk.cardoffice.batch.launch.JobStarter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeConfiguration {

    /** Which job processes which feed; each later feed adds its line here. */
    public static Map<String, String> jobsByFeed() {
        Map<String, String> feeds = new LinkedHashMap<>();
        feeds.put(EnrolmentImportJobConfig.FEED, EnrolmentImportJobConfig.JOB_NAME);
        feeds.put(SalesPostingJobConfig.FEED, SalesPostingJobConfig.JOB_NAME);
        feeds.put(SettlementReconciliationJobConfig.FEED, SettlementReconciliationJobConfig.JOB_NAME);
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
}
