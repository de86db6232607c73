package dk.cardoffice.batch.statements;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.portal.Statements;

/**
 * Renders the day's statement (the portal's Kontoudtog) and the low-balance notice in Danish, as text and HTML, from
 * the templates in {@code mail/} (Thymeleaf): amounts and balances in Danish format, a purchase's items, the place.
 */
public class StatementMail {

    /** What a template shows of a statement: every amount already in Danish format. */
    public record View(String holder, String accountNo, String day, String opening, List<Line> lines, String closing) {
    }

    public record Line(String time, String type, String text, List<String> items, String place, String amount, String balance) {
    }

    public record Rendered(String subject, String text, String html) {
    }

    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    public Rendered statement(String guardian, String holder, LocalDate day, Statements.Statement statement) {
        List<Line> lines = new ArrayList<>(statement.movements().size());
        for (Statements.Movement m : statement.movements()) {
            List<String> items = new ArrayList<>(m.items().size());
            for (Statements.Item item : m.items()) {
                items.add(item.quantity() + "x " + item.name() + " " + DanishFormat.amount(Money.parseDkk(item.unitPrice())));
            }
            String time = OffsetDateTime.parse(m.time()).toLocalTime().toString().substring(0, 5);
            lines.add(new Line(time, mailType(m), m.items().isEmpty() ? m.text() : null, items, m.place(), DanishFormat.amount(Money.parseDkk(m.amount())),
                    DanishFormat.kroner(Money.parseDkk(m.runningBalance()))));
        }
        View view = new View(holder, statement.accountNo(), DanishFormat.day(day), DanishFormat.kroner(Money.parseDkk(statement.openingBalance())),
                lines, DanishFormat.kroner(Money.parseDkk(statement.closingBalance())));
        Context context = new Context();
        context.setVariable("s", view);
        context.setVariable("guardian", guardian == null || guardian.isBlank() ? "forælder" : guardian);
        return new Rendered("Kontoudtog " + view.day() + " for " + holder + " (kortkonto " + statement.accountNo() + ")",
                text.process("statement", context), html.process("statement", context));
    }

    public Rendered lowBalance(String guardian, String holder, String accountNo, long balanceOre, long thresholdOre) {
        Context context = new Context();
        context.setVariable("guardian", guardian == null || guardian.isBlank() ? "forælder" : guardian);
        context.setVariable("holder", holder);
        context.setVariable("accountNo", accountNo);
        context.setVariable("balance", DanishFormat.kroner(balanceOre));
        context.setVariable("threshold", DanishFormat.kroner(thresholdOre));
        return new Rendered("Lav saldo på kortkonto " + accountNo + " (" + holder + ")", text.process("low-balance", context), null);
    }

    /** The statement's words for a movement, as the seed's Kontoudtog and issue 17 name them. */
    static String mailType(Statements.Movement m) {
        return switch (m.type()) {
            case "Hævet" -> "Køb";
            case "Refunderet" -> "Refusion";
            case "Indsat" -> "Indbetaling";
            case "Udbetalt" -> "Udbetaling";
            case "Kortgebyr" -> "Gebyr";
            case "Indbetaling tilbageført", "Udbetaling tilbageført" -> "Tilbageførsel";
            default -> m.type();
        };
    }
}
