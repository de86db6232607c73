package dk.cardoffice.ledger.portal;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Money;

/**
 * "Automatisk optankning" settings; the run that charges them is later work. A setting is refused up
 * front when the top-ups it would make could not be recorded: above the maximum deposit, or able to
 * lift the balance past the maximum balance (it tops up when the balance is below the threshold).
 */
public class AutoTopups {

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final long maxDepositOre;
    private final long maxBalanceOre;

    public AutoTopups(JdbcTemplate jdbc, Accounts accounts, long maxDepositOre, long maxBalanceOre) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.maxDepositOre = maxDepositOre;
        this.maxBalanceOre = maxBalanceOre;
    }

    /** Replaces the account's setting; runs in the caller's transaction. */
    public void set(String accountNo, long thresholdOre, long amountOre, String subscriptionId) {
        long accountId = accountId(accountNo);
        if (amountOre <= 0 || amountOre % 100 != 0) {
            throw PortalRefusal.unprocessable("amount", "an automatic top-up is a whole number of DKK above 0");
        }
        if (amountOre > maxDepositOre) {
            throw PortalRefusal.unprocessable("amount", "an automatic top-up is at most " + Money.formatDkk(maxDepositOre) + " DKK");
        }
        if (thresholdOre + amountOre > maxBalanceOre) {
            throw PortalRefusal.unprocessable("threshold", "threshold and amount together are at most " + Money.formatDkk(maxBalanceOre)
                    + " DKK, the most that may stand on a card account");
        }
        accounts.lock(accountId);
        jdbc.update("delete from auto_topup where account_id = ?", accountId);
        jdbc.update("insert into auto_topup (account_id, threshold_ore, amount_ore, subscription_id) values (?, ?, ?, ?)",
                accountId, thresholdOre, amountOre, subscriptionId);
    }

    public void remove(String accountNo) {
        jdbc.update("delete from auto_topup where account_id = ?", accountId(accountNo));
    }

    private long accountId(String accountNo) {
        return PortalRefusal.requireAccount(accounts, accountNo).id();
    }
}
