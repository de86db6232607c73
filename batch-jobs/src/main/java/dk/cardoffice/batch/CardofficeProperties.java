package dk.cardoffice.batch;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings under {@code cardoffice.*} that the pipelines read (contract §12). Defaults run the
 * demo; config/application.yml documents every key.
 *
 * @param home      the home folder (contract §1)
 * @param cprKey    secret for the keyed hash under which CPR numbers are stored
 * @param schedules the Quartz schedules
 */
@ConfigurationProperties("cardoffice")
public record CardofficeProperties(
        @DefaultValue("./var") Path home,
        String cprKey,
        @DefaultValue Schedules schedules) {

    /** @param enabled false switches every schedule off: jobs then run only when launched */
    public record Schedules(@DefaultValue("true") boolean enabled) {
    }
}
