package dk.cardoffice.integrations;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The pipelines and the folder intake without the web application, for this module's tests. */
@SpringBootApplication(scanBasePackages = "dk.cardoffice")
public class IntegrationsTestApplication {
}
