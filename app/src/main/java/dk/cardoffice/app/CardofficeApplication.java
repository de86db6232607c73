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
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : null;
        if (command == null) {
            SpringApplication.run(CardofficeApplication.class, args);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo" -> System.exit(runCommand(rest, true, ctx -> ctx.getBean(DemoCommand.class).run(System.out)));
            case "verify-ledger" -> System.exit(runCommand(rest, false, ctx -> ctx.getBean(VerifyLedgerCommand.class).run(System.out)));
            default -> {
                System.err.println("unknown command '" + command + "'. Use: java -jar cardoffice.jar [demo | verify-ledger] [--key=value ...]");
                System.exit(2);
            }
        }
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
                "logging.level.root", "WARN",
                "spring.main.banner-mode", "off"));
        if (demo) {
            application.addListeners(new DemoHome());
        }
        try (ConfigurableApplicationContext context = application.run(args)) {
            return command.run(context);
        } catch (Exception e) {
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
