package dk.cardoffice.ledger;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Finds and opens ledger accounts. Member account numbers come from a sequence and are never reused. */
public class Accounts {

    /** A member's e-money account as the pipelines and APIs see it. */
    public record MemberAccount(long id, String accountNo, long memberId, String status, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final Map<SystemAccount, Long> systemIds = new EnumMap<>(SystemAccount.class);

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of a system account; they never change, so they are looked up once. */
    public synchronized long systemAccountId(SystemAccount account) {
        return systemIds.computeIfAbsent(account,
                a -> jdbc.queryForObject("select id from account where account_no = ?", Long.class, a.accountNo()));
    }

    /** Opens the one account of a new member and returns it. Runs in the caller's transaction. */
    public MemberAccount openMemberAccount(long memberId, String holderName) {
        long number = jdbc.queryForObject("select nextval('account_no_seq')", Long.class);
        String accountNo = String.format("%08d", number);
        jdbc.update("insert into account (account_no, kind, name, member_id) values (?, 'MEMBER', ?, ?)",
                accountNo, holderName, memberId);
        return findMemberAccount(accountNo).orElseThrow();
    }

    public Optional<MemberAccount> findMemberAccount(String accountNo) {
        List<MemberAccount> found = jdbc.query("""
                select id, account_no, member_id, status, balance from account
                where account_no = ? and kind = 'MEMBER'""",
                (rs, i) -> new MemberAccount(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5)),
                accountNo);
        return found.stream().findFirst();
    }

    /** The sales account of an institution, opened the first time it is needed. */
    public long salesPayableAccountId(String institutionNo) {
        String accountNo = "SALES-" + institutionNo;
        jdbc.update("""
                insert into account (account_no, kind, name, institution_no)
                values (?, 'SALES_PAYABLE', ?, ?) on conflict do nothing""",
                accountNo, "Sales payable to institution " + institutionNo, institutionNo);
        return jdbc.queryForObject("select id from account where account_no = ?", Long.class, accountNo);
    }
}
