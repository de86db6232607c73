package dk.cardoffice.ledger;

import java.util.List;

/** The outcome of {@link LedgerVerifier#verify()}: the figures and every invariant that broke. */
public record LedgerReport(long events, long movements, long accounts, long emoneyLiabilityOre, List<String> breaks) {

    public boolean intact() {
        return breaks.isEmpty();
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("Ledger verification: ").append(intact() ? "OK" : "FAILED").append('\n');
        text.append("  events            ").append(events).append('\n');
        text.append("  movements         ").append(movements).append('\n');
        text.append("  accounts          ").append(accounts).append('\n');
        text.append("  e-money liability ").append(Money.formatDkk(emoneyLiabilityOre)).append(" DKK\n");
        for (String broken : breaks) {
            text.append("  BROKEN: ").append(broken).append('\n');
        }
        return text.toString();
    }
}
