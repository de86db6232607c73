package dk.cardoffice.ledger.testing;

import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.JdbcLedger;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.LedgerSchema;
import dk.cardoffice.ledger.LedgerVerifier;

/** A migrated database with the ledger wired on it, and a way to make member accounts quickly. */
public final class LedgerFixture {

    private static final AtomicLong PEOPLE = new AtomicLong();

    public final JdbcTemplate jdbc;
    public final JdbcLedger ledger;
    public final MovementWriter movements;
    public final Accounts accounts;
    public final LedgerVerifier verifier;

    public LedgerFixture(DataSource dataSource) {
        LedgerSchema.migrate(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        this.movements = new MovementWriter(jdbc);
        this.ledger = new JdbcLedger(jdbc, transactionManager, movements);
        this.accounts = new Accounts(jdbc);
        this.verifier = new LedgerVerifier(jdbc, transactionManager);
    }

    /** A member with an open account; returns the account id. */
    public long newMemberAccount(String name) {
        long n = PEOPLE.incrementAndGet();
        String fakeHmac = String.format("%064d", n);
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010110-xxxx', ?, 'Test', 'ACTIVE')",
                fakeHmac, name);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, fakeHmac);
        return accounts.openMemberAccount(memberId, name + " Test").id();
    }
}
