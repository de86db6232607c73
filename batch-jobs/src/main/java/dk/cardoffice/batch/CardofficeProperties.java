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
        @DefaultValue Payout payout) {

    /** @param apiKeys the keys accepted in X-Api-Key (comma-separated in configuration) */
    public record Portal(@DefaultValue List<String> apiKeys) {
    }

    public record Payout(@DefaultValue Party debtor, @DefaultValue Party initiatingParty) {
    }

    /** A party of the payout file: the debtor has name, IBAN and BIC; the initiating party name and id. */
    public record Party(String name, String iban, String bic, String id) {
    }

    /** @param enabled false switches every schedule off: jobs then run only when launched */
    public record Schedules(@DefaultValue("true") boolean enabled) {
    }
}
