package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesBothDecimalMarksIntoOre() {
        assertThat(Money.parseDkk("3.00")).isEqualTo(300);
        assertThat(Money.parseDkk("14,5")).isEqualTo(1450);
        assertThat(Money.parseDkk(" 200 ")).isEqualTo(20000);
        assertThat(Money.parseDkk("0.07")).isEqualTo(7);
        assertThat(Money.parseDkk("-12.5")).isEqualTo(-1250);
        assertThat(Money.parseDkk("999999999999999.99")).isEqualTo(99_999_999_999_999_999L);
    }

    @Test
    void refusesMoreThanTwoDecimalsAndText() {
        assertThatThrownBy(() -> Money.parseDkk("1.005")).hasMessageContaining("at most 2 decimals");
        assertThatThrownBy(() -> Money.parseDkk("ti kroner")).hasMessageContaining("not an amount");
        for (String bad : new String[] {"12.", ".5", "-", "1.2.3", "1 000", "١٢", "1e3", "+5", "1000000000000000"}) {
            assertThatThrownBy(() -> Money.parseDkk(bad)).as(bad).hasMessageContaining("not an amount");
        }
        assertThatThrownBy(() -> Money.parseDkk("")).hasMessageContaining("empty");
    }

    @Test
    void formatsWithTwoDecimals() {
        assertThat(Money.formatDkk(1400)).isEqualTo("14.00");
        assertThat(Money.formatDkk(-5)).isEqualTo("-0.05");
        assertThat(Money.formatDkk(0)).isEqualTo("0.00");
    }
}
