package dk.cardoffice.ledger.portal;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;

/**
 * A withdrawal to a Danish bank account (contract §7): the amount moves at once from the member's
 * account to payout clearing, so it cannot be spent twice, and waits for the next payout run. The
 * debit is covered: the ledger refuses it when the balance does not cover it, under the row lock,
 * so parallel withdrawals can never overdraw. Runs in the caller's transaction.
 */
public class Withdrawals {

    public record Withdrawal(String requestId, String accountNo, long amountOre, String recipientName, String regNo, String bankAccountNo,
            String text, String email) implements PortalPostingWriter.Move {
    }

    public record Queued(String requestId, String accountNo, long amountOre, String status, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;
    private final PortalPostingWriter writer;

    public Withdrawals(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, PortalPostingWriter writer) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
        this.writer = writer;
    }

    /**
     * An operator cancels a withdrawal that has not gone to the bank yet: the money goes back to the
     * member's account. Only a QUEUED withdrawal can be cancelled, and only once.
     */
    public void cancel(String requestId, Instant now) {
        var rows = jdbc.queryForList("select account_id, amount_ore from withdrawal where request_id = ? and status = 'QUEUED'", requestId);
        if (rows.isEmpty() || jdbc.update("update withdrawal set status = 'CANCELLED', updated_at = current_timestamp where request_id = ? and status = 'QUEUED'",
                requestId) != 1) {
            throw PortalRefusal.unprocessable("requestId", "withdrawal " + requestId + " is not waiting for a payout run (unknown, sent or cancelled)");
        }
        long accountId = ((Number) rows.get(0).get("account_id")).longValue();
        long amount = ((Number) rows.get(0).get("amount_ore")).longValue();
        ledger.post(LedgerTransaction.transfer(TransactionType.WITHDRAWAL_REVERSAL, requestId, now, "Udbetaling annulleret",
                accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING), accountId, amount));
    }

    /**
     * Reserves the amount now. The rules (above 0, covered by the balance, a request made once) are
     * {@link PortalPostingWriter}'s.
     *
     * @throws PortalRefusal when the withdrawal is refused (nothing was written)
     */
    public Queued reserve(Withdrawal w, Instant now) {
        return writer.write(List.of(w), now).get(0).orThrow(Queued.class);
    }
}
