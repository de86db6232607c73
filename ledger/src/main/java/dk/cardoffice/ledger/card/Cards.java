package dk.cardoffice.ledger.card;

import org.springframework.jdbc.core.JdbcTemplate;

/** Issues cards on accounts and orders them from the card vendor. Runs in the caller's transaction. */
public class Cards {

    public enum OrderReason { FIRST, REPLACEMENT }

    /** Where the vendor sends a card: the institution for a first card, the guardian's address for a replacement. */
    public record Delivery(String name, String address, String postcode, String city) {
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
        String cardNumber = numbers.nextCardNumber();
        jdbc.update("insert into card (card_number, account_id, status) values (?, ?, 'ACTIVE')", cardNumber, accountId);
        long cardId = jdbc.queryForObject("select id from card where card_number = ?", Long.class, cardNumber);
        jdbc.update("""
                insert into card_order (card_id, reason, fee_ore, cardholder_name, delivery_name, delivery_address,
                                        delivery_postcode, delivery_city)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                cardId, reason.name(), feeOre, cardholderName, delivery.name(), delivery.address(), delivery.postcode(), delivery.city());
        return new IssuedCard(cardId, cardNumber);
    }
}
