package dk.cardoffice.app;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import dk.cardoffice.app.cli.DemoCommand;
import dk.cardoffice.app.cli.DemoHome;
import dk.cardoffice.app.cli.VerifyLedgerCommand;

/**
 * cardoffice: {@code java -jar cardoffice.jar} runs the service (console, APIs, schedules, folder
 * intake); {@code demo} and {@code verify-ledger} are one-shot commands (contract §11) that start
 * the same application without the web server and schedules, do their work and exit.
 */
@SpringBootApplication(scanBasePackages = "dk.cardoffice")
@ConfigurationPropertiesScan("dk.cardoffice")
public class CardofficeApplication {

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            System.exit(runCommand(args));
        }
        SpringApplication.run(CardofficeApplication.class, args);
    }

    /** Runs {@code demo} or {@code verify-ledger} (the first argument) and returns the process exit code. */
    public static int runCommand(String[] args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "demo" -> runCommand(rest, true, ctx -> ctx.getBean(DemoCommand.class).run(System.out));
            case "verify-ledger" -> runCommand(rest, false, ctx -> ctx.getBean(VerifyLedgerCommand.class).run(System.out));
            default -> {
                System.err.println("unknown command '" + args[0] + "'. Use: java -jar cardoffice.jar [demo | verify-ledger] [--key=value ...]");
                yield 2;
            }
        };
    }

    interface Command {
        int run(ConfigurableApplicationContext context) throws Exception;
    }

    private static int runCommand(String[] args, boolean demo, Command command) {
        SpringApplication application = new SpringApplication(CardofficeApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                "cardoffice.schedules.enabled", "false",
                "cardoffice.intake.enabled", "false",
                "cardoffice.recovery.enabled", "false",
                "logging.level.root", "WARN",
                "logging.level.org.flywaydb.core.internal.database.base.Database", "ERROR",
                "logging.level.org.apache.camel.spring.boot", "ERROR",
                "spring.main.banner-mode", "off"));
        if (demo) {
            application.addListeners(new DemoHome());
        }
        try (ConfigurableApplicationContext context = application.run(args)) {
            return command.run(context);
        } catch (Exception e) {
            if (!demo) {
                // verify-ledger: exit 1 means "the ledger is broken" and only that; not being able to look is 2
                System.err.println("cardoffice verify-ledger: the ledger could not be checked (nothing was judged): " + rootMessage(e));
                String cause = String.valueOf(rootMessage(e));
                if (cause.contains("already in use") || cause.contains("file is locked")) {
                    System.err.println("The embedded H2 database is held by the running service (one process at a time):"
                            + " stop the service first, or run cardoffice on PostgreSQL, where verify-ledger works beside it.");
                }
                return 2;
            }
            System.err.println("cardoffice: " + rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
