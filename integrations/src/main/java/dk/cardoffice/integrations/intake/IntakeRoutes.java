package dk.cardoffice.integrations.intake;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;

import dk.cardoffice.batch.HomeFolders;

/**
 * The Camel routes that watch inbox/<feed>/ (contract §1). A file counts as arrived only when it is
 * complete: names ending in .tmp are ignored (writers rename when done), and the 'changed' read
 * lock waits until size and modification time have stood still (an empty file too: it is taken in and
 * rejected with its reason). One consumer thread per feed, in
 * name order, so snapshots of a feed are applied in the order they were exported.
 */
public class IntakeRoutes extends RouteBuilder {

    private final HomeFolders home;
    private final FileIntake intake;
    private final Map<String, String> jobsByFeed;
    private final IntakeProperties properties;

    public IntakeRoutes(HomeFolders home, FileIntake intake, Map<String, String> jobsByFeed, IntakeProperties properties) {
        this.home = home;
        this.intake = intake;
        this.jobsByFeed = jobsByFeed;
        this.properties = properties;
    }

    @Override
    public void configure() {
        jobsByFeed.forEach((feed, jobName) ->
                from("file:" + home.inbox(feed) + "?noop=true&idempotent=false&sortBy=file:name&exclude=.*\\.tmp$"
                        + "&readLock=changed&readLockCheckInterval=" + properties.readLockCheckMillis()
                        + "&readLockMinAge=" + properties.readLockMinAgeMillis()
                        // Camel's default (1) never lets an empty file through: it would wait in inbox/ unseen for ever
                        + "&readLockMinLength=0"
                        + "&initialDelay=0&delay=" + properties.pollMillis())
                        .routeId("intake-" + feed)
                        .autoStartup(false) // started by StartupRecovery once half-way files are resumed
                        .process(exchange -> intake.accept(feed, jobName,
                                Path.of(exchange.getIn().getHeader("CamelFileAbsolutePath", String.class)))));
    }
}
