package dk.cardoffice.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Finds and opens ledger accounts. Member account numbers come from a sequence and are never reused. */
public class Accounts {

    /** A member's e-money account as the pipelines and APIs see it. */
    public record MemberAccount(long id, String accountNo, long memberId, String status, long balanceOre) {
    }

    private final JdbcTemplate jdbc;
    private final Map<SystemAccount, Long> systemIds = new ConcurrentHashMap<>();

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of a system account; they never change, so they are looked up once. */
    public long systemAccountId(SystemAccount account) {
        return systemIds.computeIfAbsent(account,
                a -> jdbc.queryForObject("select id from account where account_no = ?", Long.class, a.accountNo()));
    }

    /** A member who needs an account, and the holder name it carries. */
    public record Opening(long memberId, String holderName) {
    }

    /** Opens the one account of a new member and returns it. Runs in the caller's transaction. */
    public MemberAccount openMemberAccount(long memberId, String holderName) {
        return openMemberAccounts(List.of(new Opening(memberId, holderName))).get(memberId);
    }

    /** Opens accounts for many new members with two batched statements; by member id. */
    public Map<Long, MemberAccount> openMemberAccounts(List<Opening> openings) {
        if (openings.isEmpty()) {
            return Map.of();
        }
        List<Long> numbers = jdbc.queryForList("select nextval('account_no_seq') from generate_series(1, ?)", Long.class, openings.size());
        List<Object[]> rows = new ArrayList<>(openings.size());
        for (int i = 0; i < openings.size(); i++) {
            rows.add(new Object[] {String.format("%08d", numbers.get(i)), openings.get(i).holderName(), openings.get(i).memberId()});
        }
        jdbc.batchUpdate("insert into account (account_no, kind, name, member_id) values (?, 'MEMBER', ?, ?)", rows);
        Map<Long, MemberAccount> opened = new HashMap<>();
        jdbc.query("select id, account_no, member_id, status, balance from account where member_id = any(?)", rs -> {
            MemberAccount account = new MemberAccount(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5));
            opened.put(account.memberId(), account);
        }, SqlArrays.bigints(openings.stream().map(Opening::memberId).toList()));
        return opened;
    }

    /** The member accounts with these numbers, by number, with one query (numbers that name none are missing). */
    public Map<String, MemberAccount> findMemberAccounts(java.util.Collection<String> accountNos) {
        Map<String, MemberAccount> found = new HashMap<>();
        jdbc.query("select id, account_no, member_id, status, balance from account where account_no = any(?) and kind = 'MEMBER'", rs -> {
            MemberAccount account = new MemberAccount(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5));
            found.put(account.accountNo(), account);
        }, SqlArrays.varchars(accountNos));
        return found;
    }

    /**
     * Locks the account's row until the caller's transaction ends: two changes of one account's
     * settings (replace = delete, then insert) take turns instead of colliding on a unique key.
     */
    public void lock(long accountId) {
        jdbc.queryForObject("select id from account where id = ? for update", Long.class, accountId);
    }

    public Optional<MemberAccount> findMemberAccount(String accountNo) {
        return Optional.ofNullable(findMemberAccounts(List.of(accountNo)).get(accountNo));
    }

    /** The sales account of an institution, opened the first time it is needed. */
    public long salesPayableAccountId(String institutionNo) {
        String accountNo = "SALES-" + institutionNo;
        int created = jdbc.update("""
                insert into account (account_no, kind, name, institution_no)
                values (?, 'SALES_PAYABLE', ?, ?) on conflict do nothing""",
                accountNo, "Sales payable to institution " + institutionNo, institutionNo);
        long id = jdbc.queryForObject("select id from account where account_no = ?", Long.class, accountNo);
        if (created == 1) {
            // a system account: its balance lives in shards (V4__balance_shards.sql)
            List<Object[]> shards = new ArrayList<>();
            for (int shard = 0; shard < JdbcLedger.SHARDS; shard++) {
                shards.add(new Object[] {id, shard});
            }
            jdbc.batchUpdate("insert into account_balance_shard (account_id, shard) values (?, ?)", shards);
        }
        return id;
    }
}
