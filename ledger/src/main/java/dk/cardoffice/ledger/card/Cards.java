package dk.cardoffice.ledger.card;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.SqlArrays;

/** Issues cards on accounts and orders them from the card vendor. Runs in the caller's transaction. */
public class Cards {

    public enum OrderReason { FIRST, REPLACEMENT }

    /** Why a card was blocked by cardoffice itself; such a card is opened again when the member returns. */
    public static final String BLOCKED_NO_ENROLMENT = "NO_ENROLMENT";

    /** Where the vendor sends a card: the institution for a first card, the guardian's address for a replacement. */
    public record Delivery(String name, String address, String postcode, String city) {
    }

    /** A card to issue on an account, with the order that goes to the vendor. */
    public record Request(long accountId, String cardholderName, OrderReason reason, long feeOre, Delivery delivery) {
    }

    public record IssuedCard(long cardId, String cardNumber) {
    }

    private final JdbcTemplate jdbc;
    private final CardNumberIssuer numbers;

    public Cards(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.numbers = new CardNumberIssuer(jdbc);
    }

    /** A new ACTIVE card on the account, with a new order for the vendor. */
    public IssuedCard issueAndOrder(long accountId, String cardholderName, OrderReason reason, long feeOre, Delivery delivery) {
        return issueAndOrder(List.of(new Request(accountId, cardholderName, reason, feeOre, delivery))).get(accountId);
    }

    /** Issues and orders many cards with a few batched statements; by account id. */
    public Map<Long, IssuedCard> issueAndOrder(List<Request> requests) {
        if (requests.isEmpty()) {
            return Map.of();
        }
        List<String> cardNumbers = numbers.nextCardNumbers(requests.size());
        List<Object[]> cards = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            cards.add(new Object[] {cardNumbers.get(i), requests.get(i).accountId()});
        }
        jdbc.batchUpdate("insert into card (card_number, account_id, status) values (?, ?, 'ACTIVE')", cards);
        Map<String, Long> cardIds = new HashMap<>();
        jdbc.query("select card_number, id from card where card_number = any(?)", rs -> {
            cardIds.put(rs.getString(1), rs.getLong(2));
        }, SqlArrays.varchars(cardNumbers));
        List<Object[]> orders = new ArrayList<>(requests.size());
        Map<Long, IssuedCard> issued = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            long cardId = cardIds.get(cardNumbers.get(i));
            issued.put(r.accountId(), new IssuedCard(cardId, cardNumbers.get(i)));
            orders.add(new Object[] {cardId, r.reason().name(), r.feeOre(), r.cardholderName(), r.delivery().name(), r.delivery().address(),
                    r.delivery().postcode(), r.delivery().city()});
        }
        jdbc.batchUpdate("""
                insert into card_order (card_id, reason, fee_ore, cardholder_name, delivery_name, delivery_address,
                                        delivery_postcode, delivery_city)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", orders);
        return issued;
    }
}
