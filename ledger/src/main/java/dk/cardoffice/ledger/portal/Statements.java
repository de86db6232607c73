package dk.cardoffice.ledger.portal;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SqlArrays;

/**
 * "Kontoudtog": the movements of an account between two Copenhagen dates, each with its time, type,
 * text, items (a purchase's lines, as the terminal sent them), amount and the running balance, between
 * the opening and the closing balance. Computed from the movements, so it always agrees with the ledger.
 */
public class Statements {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    /** @param withdrawalStatus for a withdrawal (and its reversal): where the withdrawal stands now; null for other movements */
    public record Movement(String time, String type, String text, List<Item> items, String amount, String runningBalance, String withdrawalStatus,
            String place) {
    }

    /** One line of a purchase or refund: "1x Ostehøps 3.00" in the portal's words. */
    public record Item(String code, String name, int quantity, String unitPrice, String amount) {
    }

    public record Statement(String accountNo, LocalDate from, LocalDate to, String openingBalance, List<Movement> movements, String closingBalance) {
    }

    private final JdbcTemplate jdbc;
    private final Accounts accounts;

    public Statements(JdbcTemplate jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    public Statement of(String accountNo, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw PortalRefusal.unprocessable("to", "to is before from");
        }
        long accountId = PortalRefusal.requireAccount(accounts, accountNo).id();
        return ofAll(java.util.Map.of(accountId, accountNo), from, to).get(accountId);
    }

    /**
     * The statements of several member accounts (id → account number) between two Copenhagen dates, with two queries
     * whatever their number: the nightly statements job makes a chunk of them at once.
     */
    public java.util.Map<Long, Statement> ofAll(java.util.Map<Long, String> accountNos, LocalDate from, LocalDate to) {
        Timestamp start = Timestamp.from(from.atStartOfDay(COPENHAGEN).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(COPENHAGEN).toInstant());
        Object ids = SqlArrays.bigints(accountNos.keySet());
        // a member account's movements through movement_member_ix (member_account_id, booked_at): the index range of each account
        java.util.Map<Long, Long> openings = new java.util.HashMap<>();
        jdbc.query("""
                select member_account_id, coalesce(sum(case when credit_account_id = member_account_id then amount else -amount end), 0) from movement
                where member_account_id = any(?) and booked_at < ? group by member_account_id""", rs -> {
            openings.put(rs.getLong(1), rs.getLong(2));
        }, ids, start);
        java.util.Map<Long, List<Movement>> lines = new java.util.HashMap<>();
        java.util.Map<Long, long[]> running = new java.util.HashMap<>();
        // one line per event (all its legs on this account together), in booking order; a sale of free items moved no money
        // and is not on the statement (as before the one-row layout)
        jdbc.query("""
                select g.member_account_id, g.booked_at, g.type, g.description, g.items, g.amount,
                       case when g.key_space in ('WITHDRAWAL', 'WITHDRAWAL_REVERSAL')
                            then (select w.status from withdrawal w where w.request_id = g.business_key) end as withdrawal_status,
                       case when g.institution_no is not null
                            then (select i.name from institution i where i.institution_no = g.institution_no) end as place
                from (select member_account_id, key_space, business_key, booked_at, type, description, items, institution_no, min(id) as first_id,
                             sum(case when credit_account_id = member_account_id then amount else -amount end) as amount
                      from movement
                      where member_account_id = any(?) and booked_at >= ? and booked_at < ? and amount > 0
                      group by member_account_id, key_space, business_key, booked_at, type, description, items, institution_no) g
                order by g.member_account_id, g.booked_at, g.first_id""", rs -> {
            long accountId = rs.getLong("member_account_id");
            long amount = rs.getLong("amount");
            long[] balance = running.computeIfAbsent(accountId, id -> new long[] {openings.getOrDefault(id, 0L)});
            balance[0] += amount;
            List<Item> items = items(rs.getString("items"));
            String withdrawalStatus = rs.getString("withdrawal_status");
            lines.computeIfAbsent(accountId, id -> new ArrayList<>()).add(new Movement(
                    rs.getTimestamp("booked_at").toInstant().atZone(COPENHAGEN).toOffsetDateTime().toString(),
                    typeInDanish(rs.getString("type"), amount, withdrawalStatus), text(rs.getString("description"), items), items,
                    Money.formatDkk(amount), Money.formatDkk(balance[0]), withdrawalStatus, rs.getString("place")));
        }, ids, start, end);
        java.util.Map<Long, Statement> statements = new java.util.LinkedHashMap<>();
        accountNos.forEach((id, accountNo) -> {
            long opening = openings.getOrDefault(id, 0L);
            long closing = running.containsKey(id) ? running.get(id)[0] : opening;
            statements.put(id, new Statement(accountNo, from, to, Money.formatDkk(opening), lines.getOrDefault(id, List.of()), Money.formatDkk(closing)));
        });
        return statements;
    }

    /** A sale's stored items, one per line: code TAB name TAB quantity TAB unit price in øre (none for other movements). */
    static List<Item> items(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (String line : stored.split("\n")) {
            String[] f = line.split("\t", -1);
            int quantity = Integer.parseInt(f[2]);
            long unitPrice = Long.parseLong(f[3]);
            items.add(new Item(f[0], f[1], quantity, Money.formatDkk(unitPrice), Money.formatDkk(Math.multiplyExact(unitPrice, quantity))));
        }
        return items;
    }

    /**
     * A movement's line on the Kontoudtog: its description, or for a terminal sale (which stores only its items, not
     * the words) the items as the portal shows them: {@code 1x Ostehøps 3.00 1x Yoghurt 6.00}.
     */
    static String text(String description, List<Item> items) {
        if (description != null || items.isEmpty()) {
            return description;
        }
        StringBuilder text = new StringBuilder();
        for (Item item : items) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(item.quantity()).append("x ").append(item.name()).append(' ').append(item.unitPrice());
        }
        return text.length() <= 500 ? text.toString() : text.substring(0, 499) + "…";
    }

    /** The words of the portal's Kontoudtog: Indsat for money in, Hævet for a purchase, and so on. */
    public static String typeInDanish(String type, long amount) {
        return typeInDanish(type, amount, null);
    }

    /** As above; a withdrawal's money coming back says why: the bank refused it, or it was cancelled before it was sent. */
    public static String typeInDanish(String type, long amount, String withdrawalStatus) {
        if (type.equals("WITHDRAWAL_REVERSAL") && "REJECTED".equals(withdrawalStatus)) {
            return "Udbetaling afvist";
        }
        if (type.equals("WITHDRAWAL_REVERSAL") && "CANCELLED".equals(withdrawalStatus)) {
            return "Udbetaling annulleret";
        }
        return switch (type) {
            case "DEPOSIT" -> "Indsat";
            case "SALE" -> "Hævet";
            case "REFUND" -> "Refunderet";
            case "WITHDRAWAL" -> "Udbetalt";
            case "WITHDRAWAL_REVERSAL" -> "Udbetaling tilbageført";
            case "CARD_FEE" -> "Kortgebyr";
            case "CHARGEBACK" -> "Indbetaling tilbageført";
            case "DEPOSIT_REFUND" -> "Indbetaling refunderet";
            default -> amount >= 0 ? "Indsat" : "Hævet";
        };
    }
}
