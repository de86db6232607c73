package dk.cardoffice.integrations.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cardoffice.intake.*}: whether the folders are watched, how often, and how long a file must
 * stand still before it counts as complete.
 */
@ConfigurationProperties("cardoffice.intake")
public record IntakeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2000") long pollMillis,
        @DefaultValue("1000") long readLockCheckMillis,
        @DefaultValue("2000") long readLockMinAgeMillis,
        @DefaultValue("30m") Duration jobTimeout) {
}
