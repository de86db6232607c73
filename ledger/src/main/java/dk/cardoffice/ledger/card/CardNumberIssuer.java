package dk.cardoffice.ledger.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Draws the next card number from the database sequence, so a number is never issued twice. */
public class CardNumberIssuer {

    private final JdbcTemplate jdbc;

    public CardNumberIssuer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String nextCardNumber() {
        return nextCardNumbers(1).get(0);
    }

    /** {@code count} new card numbers, drawn with as few round trips as possible. */
    public List<String> nextCardNumbers(int count) {
        List<String> numbers = new ArrayList<>(count);
        while (numbers.size() < count) {
            int missing = count - numbers.size();
            // one value in 37 has no check character in 0-9A-Z and is skipped: draw a few extra
            int draw = missing + missing / 30 + 2;
            for (long n : jdbc.queryForList("select nextval('card_number_seq') from generate_series(1, ?)", Long.class, draw)) {
                Optional<String> number = CardNumbers.fromSequence(n);
                if (number.isPresent() && numbers.size() < count) {
                    numbers.add(number.get());
                }
            }
        }
        return numbers;
    }
}
