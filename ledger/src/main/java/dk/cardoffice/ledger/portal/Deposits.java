package dk.cardoffice.ledger.portal;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.PostingResult;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;

/**
 * Records a top-up the acquirer captured (contract §7): the member's account is credited at once
 * against the acquirer's receivable, which settlement (§5) later clears. Runs in the caller's
 * transaction.
 */
public class Deposits {

    public record Deposit(String orderId, String accountNo, long amountOre, String acquirer, String transactionId, Instant capturedAt) {
    }

    public record Recorded(String orderId, String accountNo, long amountOre, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;
    private final long maxDepositOre;
    private final long maxBalanceOre;

    public Deposits(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, long maxDepositOre, long maxBalanceOre) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
        this.maxDepositOre = maxDepositOre;
        this.maxBalanceOre = maxBalanceOre;
    }

    /**
     * Books the deposit now (the booking time is when cardoffice credited the account, so statements
     * already sent never change); the acquirer's capture time is kept on the deposit row.
     */
    public Recorded record(Deposit d, Instant now) {
        if (d.amountOre() <= 0 || d.amountOre() % 100 != 0) {
            throw PortalRefusal.unprocessable("amount", "a deposit is a whole number of DKK above 0 (beløbet skal være i hele danske kroner)");
        }
        if (d.amountOre() > maxDepositOre) {
            throw PortalRefusal.unprocessable("amount", "a deposit is at most " + Money.formatDkk(maxDepositOre) + " DKK");
        }
        Accounts.MemberAccount account = accounts.findMemberAccount(d.accountNo())
                .orElseThrow(() -> PortalRefusal.unprocessable("accountNo", "there is no account " + d.accountNo()));
        if (!account.status().equals("OPEN")) {
            throw PortalRefusal.unprocessable("accountNo", "account " + d.accountNo() + " is closed");
        }
        SystemAccount receivable = d.acquirer().equals("NETS") ? SystemAccount.ACQUIRER_NETS : SystemAccount.ACQUIRER_WORLDLINE;
        PostingResult result = ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, d.orderId(), now,
                "Indbetaling " + d.acquirer() + " " + d.transactionId(), accounts.systemAccountId(receivable), account.id(), d.amountOre()));
        if (result instanceof PostingResult.Posted posted) {
            long balance = posted.balanceAfter(account.id());
            if (balance > maxBalanceOre) {
                throw PortalRefusal.unprocessable("amount", "the balance would be " + Money.formatDkk(balance) + " DKK; at most "
                        + Money.formatDkk(maxBalanceOre) + " DKK may stand on a card account");
            }
            jdbc.update("""
                    insert into deposit (order_id, account_id, amount_ore, acquirer, transaction_id, captured_at, ledger_transaction_id)
                    values (?, ?, ?, ?, ?, ?, ?)""", d.orderId(), account.id(), d.amountOre(), d.acquirer(), d.transactionId(),
                    Timestamp.from(d.capturedAt()), posted.transactionId());
            return new Recorded(d.orderId(), d.accountNo(), d.amountOre(), balance);
        }
        // the order was recorded before (by another caller id): it is not credited twice
        throw PortalRefusal.unprocessable("orderId", "order " + d.orderId() + " was recorded before and is not credited again");
    }
}
