package dk.cardoffice.ledger.portal;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;

/** "Maks forbrug": the daily maximum per kind of place; null means no limit. */
public class DailyLimits {

    private final JdbcTemplate jdbc;
    private final Accounts accounts;

    public DailyLimits(JdbcTemplate jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** Replaces the account's limits (null: no limit); runs in the caller's transaction, so a sales run sees the old or the new ones. */
    public void set(String accountNo, Long schoolDailyOre, Long clubDailyOre) {
        long accountId = PortalRefusal.requireAccount(accounts, accountNo).id();
        accounts.lock(accountId);
        jdbc.update("delete from daily_limit where account_id = ?", accountId);
        if (schoolDailyOre != null) {
            jdbc.update("insert into daily_limit (account_id, institution_type, limit_ore) values (?, 'SCHOOL', ?)", accountId, schoolDailyOre);
        }
        if (clubDailyOre != null) {
            jdbc.update("insert into daily_limit (account_id, institution_type, limit_ore) values (?, 'CLUB', ?)", accountId, clubDailyOre);
        }
    }
}
