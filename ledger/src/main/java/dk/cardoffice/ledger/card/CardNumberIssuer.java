package dk.cardoffice.ledger.card;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Draws the next card number from the database sequence, so a number is never issued twice. */
public class CardNumberIssuer {

    private final JdbcTemplate jdbc;

    public CardNumberIssuer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String nextCardNumber() {
        while (true) {
            long n = jdbc.queryForObject("select nextval('card_number_seq')", Long.class);
            Optional<String> number = CardNumbers.fromSequence(n);
            if (number.isPresent()) {
                return number.get();
            }
        }
    }
}
