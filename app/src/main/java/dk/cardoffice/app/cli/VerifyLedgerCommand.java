package dk.cardoffice.app.cli;

import java.io.PrintStream;

import org.springframework.stereotype.Component;

import dk.cardoffice.ledger.LedgerReport;
import dk.cardoffice.ledger.LedgerVerifier;

/**
 * {@code verify-ledger} (contract §11): prints the invariant report; exit code 1 when one is broken, 2 when
 * the ledger could not be checked at all (no database, the embedded H2 file held by the running service).
 */
@Component
public class VerifyLedgerCommand {

    private final LedgerVerifier verifier;

    public VerifyLedgerCommand(LedgerVerifier verifier) {
        this.verifier = verifier;
    }

    public int run(PrintStream out) {
        LedgerReport report = verifier.verify();
        out.print(report.render());
        return report.intact() ? 0 : 1;
    }
}
