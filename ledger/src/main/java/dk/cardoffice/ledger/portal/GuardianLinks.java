package dk.cardoffice.ledger.portal;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.card.CardNumbers;
import dk.cardoffice.ledger.member.Cpr;
import dk.cardoffice.ledger.member.CprProtector;

/**
 * "Tilføj konto" and "Mine Konti": a guardian links a child's account by the child's CPR and card
 * number; both must match, and a mismatch does not say which was wrong (no probing of CPR numbers).
 * A card that was replaced no longer links.
 */
public class GuardianLinks {

    /**
     * An account the guardian manages; {@code email}, {@code dailyStatements} and {@code lowBalanceThreshold} are the
     * guardian's notification settings (the same on each of their accounts).
     */
    public record ManagedAccount(String accountNo, String holderName, String cprMasked, String balance, String status, String email,
            boolean dailyStatements, String lowBalanceThreshold) {
    }

    private final JdbcTemplate jdbc;
    private final CprProtector cprs;

    public GuardianLinks(JdbcTemplate jdbc, CprProtector cprs) {
        this.jdbc = jdbc;
        this.cprs = cprs;
    }

    public ManagedAccount link(Cpr guardian, Cpr child, String cardNumberInput) {
        String cardNumber = CardNumbers.normalise(cardNumberInput);
        List<Long> memberIds = jdbc.queryForList("""
                select m.id from member m join account a on a.member_id = m.id join card c on c.account_id = a.id
                where m.cpr_hmac = ? and c.card_number = ? and c.status <> 'REPLACED'""", Long.class, cprs.hmac(child), cardNumber);
        if (memberIds.isEmpty()) {
            throw PortalRefusal.notFound("no child with that CPR number has that card number");
        }
        String guardianHmac = cprs.hmac(guardian);
        jdbc.update("insert into guardian (cpr_hmac, cpr_masked) values (?, ?) on conflict do nothing", guardianHmac, guardian.masked());
        long guardianId = jdbc.queryForObject("select id from guardian where cpr_hmac = ?", Long.class, guardianHmac);
        jdbc.update("insert into member_guardian (member_id, guardian_id, source, source_ref) values (?, ?, 'PORTAL', 'PORTAL') on conflict do nothing",
                memberIds.get(0), guardianId);
        return accounts(guardian).stream().filter(a -> a.accountNo().equals(accountNoOf(memberIds.get(0)))).findFirst().orElseThrow();
    }

    public List<ManagedAccount> accounts(Cpr guardian) {
        return jdbc.query("""
                select distinct a.account_no, m.first_name || ' ' || m.last_name as holder, m.cpr_masked, a.balance,
                       case when a.status = 'OPEN' then m.status else a.status end as status,
                       coalesce(g.portal_email, g.email) as email, g.daily_statements, g.low_balance_threshold_ore
                from guardian g join member_guardian mg on mg.guardian_id = g.id join member m on m.id = mg.member_id
                join account a on a.member_id = m.id
                where g.cpr_hmac = ? order by a.account_no""",
                (rs, i) -> new ManagedAccount(rs.getString(1), rs.getString(2), rs.getString(3), Money.formatDkk(rs.getLong(4)), rs.getString(5),
                        rs.getString(6), rs.getBoolean(7), Money.formatDkk(rs.getLong(8))),
                cprs.hmac(guardian));
    }

    /** A guardian's notification settings (contract §7: PUT /guardians/{guardianCpr}/notifications). */
    public record Notifications(String email, boolean dailyStatements, String lowBalanceThreshold) {
    }

    /**
     * Sets where and whether the guardian gets the nightly statements and below which balance a low-balance notice is
     * sent. The address the guardian sets wins over the enrolment snapshot's, which stays the default until then; a
     * null e-mail keeps the current one. Only a guardian of at least one account can set them.
     */
    public Notifications setNotifications(Cpr guardian, String email, boolean dailyStatements, long lowBalanceThresholdOre) {
        String hmac = cprs.hmac(guardian);
        int changed = jdbc.update("""
                update guardian set portal_email = coalesce(?, portal_email), daily_statements = ?, low_balance_threshold_ore = ?,
                                    updated_at = current_timestamp
                where cpr_hmac = ? and exists (select 1 from member_guardian mg where mg.guardian_id = guardian.id)""",
                email, dailyStatements, lowBalanceThresholdOre, hmac);
        if (changed == 0) {
            throw PortalRefusal.notFound("this guardian manages no account (link one first: POST /guardians/{guardianCpr}/links)");
        }
        return jdbc.queryForObject("select coalesce(portal_email, email), daily_statements, low_balance_threshold_ore from guardian where cpr_hmac = ?",
                (rs, i) -> new Notifications(rs.getString(1), rs.getBoolean(2), Money.formatDkk(rs.getLong(3))), hmac);
    }

    private String accountNoOf(long memberId) {
        return jdbc.queryForObject("select account_no from account where member_id = ?", String.class, memberId);
    }
}
