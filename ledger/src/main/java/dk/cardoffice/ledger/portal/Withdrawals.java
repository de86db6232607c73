package dk.cardoffice.ledger.portal;

import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.InsufficientFundsException;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.PostingResult;
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
            String text, String email) {
    }

    public record Queued(String requestId, String accountNo, long amountOre, String status, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;

    public Withdrawals(JdbcTemplate jdbc, Ledger ledger, Accounts accounts) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
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

    public Queued reserve(Withdrawal w, Instant now) {
        if (w.amountOre() <= 0) {
            throw PortalRefusal.unprocessable("amount", "the amount must be above 0");
        }
        Accounts.MemberAccount account = accounts.findMemberAccount(w.accountNo())
                .orElseThrow(() -> PortalRefusal.unprocessable("accountNo", "there is no account " + w.accountNo()));
        PostingResult result;
        try {
            result = ledger.post(LedgerTransaction.coveredTransfer(TransactionType.WITHDRAWAL, w.requestId(), now,
                    "Udbetaling til " + w.regNo() + " " + w.bankAccountNo(), account.id(),
                    accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING), w.amountOre()));
        } catch (InsufficientFundsException e) {
            throw PortalRefusal.unprocessable("amount", "the balance is " + Money.formatDkk(e.balanceOre()) + " DKK; at most that can be withdrawn");
        }
        if (!(result instanceof PostingResult.Posted posted)) {
            throw PortalRefusal.unprocessable("requestId", "withdrawal " + w.requestId() + " was made before and is not made again");
        }
        jdbc.update("""
                insert into withdrawal (request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, text, email, status,
                                        ledger_transaction_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?)""", w.requestId(), account.id(), w.amountOre(), w.recipientName(), w.regNo(),
                w.bankAccountNo(), w.text(), w.email(), posted.transactionId());
        return new Queued(w.requestId(), w.accountNo(), w.amountOre(), "QUEUED", posted.balanceAfter(account.id()));
    }
}
