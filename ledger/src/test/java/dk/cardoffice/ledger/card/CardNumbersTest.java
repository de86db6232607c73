package dk.cardoffice.ledger.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** The first 3,000 numbers the sequence gives: the sample every error is tried on. */
    private static List<String> sample() {
        return LongStream.range(1, 3100).mapToObj(CardNumbers::fromSequence).flatMap(Optional::stream).limit(3000).toList();
    }

    @Test
    void issuedNumbersAreValidUniqueAndWithinTheAlphabet() {
        List<String> numbers = sample();
        assertThat(numbers).hasSize(3000).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).matches("[0-9A-Z]{8}"))
                .allSatisfy(n -> assertThat(CardNumbers.isValid(n)).as(n).isTrue());
    }

    @Test
    void everySingleWrongCharacterIsDetected() {
        long tried = 0;
        for (String number : sample()) {
            for (int position = 0; position < 8; position++) {
                for (char c : ALPHABET.toCharArray()) {
                    if (c != number.charAt(position)) {
                        String wrong = number.substring(0, position) + c + number.substring(position + 1);
                        assertThat(CardNumbers.isValid(wrong)).as("%s mistyped as %s", number, wrong).isFalse();
                        tried++;
                    }
                }
            }
        }
        assertThat(tried).isEqualTo(3000L * 8 * 35);
    }

    @Test
    void everySwapOfTwoNeighboursIsDetected() {
        int swaps = 0;
        for (String number : sample()) {
            for (int i = 0; i < 7; i++) {
                if (number.charAt(i) != number.charAt(i + 1)) {
                    char[] chars = number.toCharArray();
                    chars[i] = number.charAt(i + 1);
                    chars[i + 1] = number.charAt(i);
                    String swapped = new String(chars);
                    assertThat(CardNumbers.isValid(swapped)).as("%s swapped to %s", number, swapped).isFalse();
                    swaps++;
                }
            }
        }
        assertThat(swaps).isGreaterThan(20_000);
    }

    @Test
    void inputIsCaseInsensitiveAndIgnoresSpaces() {
        String number = sample().get(0);
        String typed = number.substring(0, 4).toLowerCase() + " " + number.substring(4);
        assertThat(CardNumbers.isValid(typed)).isTrue();
        assertThat(CardNumbers.normalise(typed)).isEqualTo(number);
        assertThat(CardNumbers.isValid(number + "0")).isFalse();
        assertThat(CardNumbers.isValid("ÆØÅ12345")).isFalse();
    }

    @Test
    void numbersAreNotSequential() {
        Set<String> prefixes = new HashSet<>();
        sample().subList(0, 100).forEach(n -> prefixes.add(n.substring(0, 3)));
        assertThat(prefixes.size()).isGreaterThan(50);
    }
}
