package dk.cardoffice.ledger.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Money;

/** What the portal shows of an account ("Mine Konti", "Stamdata"): never a CPR in clear. */
public class AccountViews {

    public record Card(String cardNumber, String status) {
    }

    public record Place(String institutionNo, String name, String type) {
    }

    /** A withdrawal and where it stands: QUEUED, SENT (to the bank), CONFIRMED, REJECTED (with the bank's reason) or CANCELLED. */
    public record Withdrawal(String requestId, String amount, String status, String reason, java.time.OffsetDateTime requestedAt) {
    }

    public record AccountView(String accountNo, String holderName, String cprMasked, String balance, String status, List<Card> cards,
            Map<String, String> dailyLimits, List<Place> placesOfUse, List<Withdrawal> withdrawals) {
    }

    /** How many of an account's latest withdrawals the view shows. */
    static final int WITHDRAWALS_SHOWN = 20;

    private final JdbcTemplate jdbc;

    public AccountViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public AccountView view(String accountNo) {
        List<AccountView> found = jdbc.query("""
                select a.id, a.account_no, m.first_name || ' ' || m.last_name as holder, m.cpr_masked, a.balance, a.status, m.status as member_status
                from account a join member m on m.id = a.member_id where a.account_no = ? and a.kind = 'MEMBER'""", (rs, i) -> {
            long accountId = rs.getLong("id");
            List<Card> cards = jdbc.query("select card_number, status from card where account_id = ? order by id desc",
                    (c, j) -> new Card(c.getString(1), c.getString(2)), accountId);
            Map<String, String> limits = new LinkedHashMap<>();
            limits.put("schoolDaily", null);
            limits.put("clubDaily", null);
            jdbc.query("select institution_type, limit_ore from daily_limit where account_id = ?", r -> {
                Long limit = (Long) r.getObject(2, Long.class);
                limits.put(r.getString(1).equals("SCHOOL") ? "schoolDaily" : "clubDaily", limit == null ? null : Money.formatDkk(limit));
            }, accountId);
            List<Place> places = new ArrayList<>(jdbc.query("""
                    select i.institution_no, i.name, i.type from enrolment e join institution i on i.institution_no = e.institution_no
                    where e.member_id = (select member_id from account where id = ?) and e.active_flag = true order by i.name""",
                    (p, j) -> new Place(p.getString(1), p.getString(2), p.getString(3)), accountId));
            List<Withdrawal> withdrawals = jdbc.query("""
                    select request_id, amount_ore, status, status_reason, created_at from withdrawal where account_id = ?
                    order by id desc limit ?""", (w, j) -> new Withdrawal(w.getString(1), Money.formatDkk(w.getLong(2)), w.getString(3),
                    w.getString(4), w.getObject(5, java.time.OffsetDateTime.class)), accountId, WITHDRAWALS_SHOWN);
            String status = rs.getString("status").equals("OPEN") ? rs.getString("member_status") : rs.getString("status");
            return new AccountView(rs.getString("account_no"), rs.getString("holder"), rs.getString("cpr_masked"),
                    Money.formatDkk(rs.getLong("balance")), status, cards, limits, places, withdrawals);
        }, accountNo);
        if (found.isEmpty()) {
            throw PortalRefusal.notFound("there is no account " + accountNo);
        }
        return found.get(0);
    }
}
