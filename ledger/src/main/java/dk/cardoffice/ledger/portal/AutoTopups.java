package dk.cardoffice.ledger.portal;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;

/** "Automatisk optankning" settings; the run that charges them is later work. */
public class AutoTopups {

    private final JdbcTemplate jdbc;
    private final Accounts accounts;

    public AutoTopups(JdbcTemplate jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    public void set(String accountNo, long thresholdOre, long amountOre, String subscriptionId) {
        long accountId = accountId(accountNo);
        if (amountOre <= 0 || amountOre % 100 != 0) {
            throw PortalRefusal.unprocessable("amount", "an automatic top-up is a whole number of DKK above 0");
        }
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
