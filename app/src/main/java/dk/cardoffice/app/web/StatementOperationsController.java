package dk.cardoffice.app.web;

import java.time.Clock;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.statements.GuardiansWithoutEmail;
import dk.cardoffice.batch.statements.StatementsJobConfig;

/** What the statements of a day could not reach (operations API, role OPERATOR). */
@RestController
@RequestMapping("/api/v1/ops/statements")
public class StatementOperationsController {

    private final GuardiansWithoutEmail withoutEmail;
    private final Clock clock;

    public StatementOperationsController(GuardiansWithoutEmail withoutEmail, Clock clock) {
        this.withoutEmail = withoutEmail;
        this.clock = clock;
    }

    /** Guardians of accounts that moved on {@code date} (default yesterday) for whom cardoffice has no e-mail address. */
    @GetMapping("/guardians-without-email")
    public List<GuardiansWithoutEmail.Missing> guardiansWithoutEmail(@RequestParam(required = false) String date,
            @RequestParam(defaultValue = "1000") int limit) {
        return withoutEmail.on(StatementsJobConfig.businessDay(date, clock), limit);
    }
}
