package dk.cardoffice.ledger.portal;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.MovementWriter;

/**
 * Records a top-up the acquirer captured (contract §7): the member's account is credited at once
 * against the acquirer's receivable, which settlement (§5) later clears. Runs in the caller's
 * transaction.
 */
public class Deposits {

    public record Deposit(String orderId, String accountNo, long amountOre, String acquirer, String transactionId, Instant capturedAt)
            implements PortalPostingWriter.Move {
        /** Refused here too, not only by the portal controller: a deposit of another acquirer has no receivable. */
        public Deposit {
            dk.cardoffice.ledger.SystemAccount.receivableOf(acquirer);
        }
    }

    public record Recorded(String orderId, String accountNo, long amountOre, long balanceOre) {
    }

    private final PortalPostingWriter writer;

    public Deposits(PortalPostingWriter writer) {
        this.writer = writer;
    }

    public Deposits(JdbcTemplate jdbc, Accounts accounts, long maxDepositOre, long maxBalanceOre) {
        this(new PortalPostingWriter(jdbc, accounts, new MovementWriter(jdbc), maxDepositOre, maxBalanceOre));
    }

    /**
     * Books the deposit now (the booking time is when cardoffice credited the account, so statements
     * already sent never change); the acquirer's capture time is kept on the deposit row. The rules
     * (whole DKK, the maximum deposit and balance, an open account, an order credited once) are
     * {@link PortalPostingWriter}'s.
     *
     * @throws PortalRefusal when the deposit is refused (nothing was written)
     */
    public Recorded record(Deposit d, Instant now) {
        return writer.write(List.of(d), now).get(0).orThrow(Recorded.class);
    }
}
