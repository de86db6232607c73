package dk.cardoffice.batch.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BankTextAndIbanTest {

    @Test
    void danishLettersStayAccentsGoAndTheRestBecomesOneSpace() {
        assertThat(BankText.clean("Søren Ærø-Østergård", 70)).isEqualTo("Søren Ærø-Østergård");
        assertThat(BankText.clean("Zoë Müller & Straße", 70)).isEqualTo("Zoe Muller Strasse");
        assertThat(BankText.clean("  <Tak>\t\"for\"  €5 ", 70)).isEqualTo("Tak for 5");
        assertThat(BankText.clean("Lommepenge til hele december", 20)).isEqualTo("Lommepenge til hele");
        assertThat(BankText.clean("a/b-c?d:e(f).g,h'i+j", 20)).isEqualTo("a/b-c?d:e(f).g,h'i+j");
        assertThat(BankText.clean(null, 20)).isEmpty();
    }

    @Test
    void ibanCheckDigits() {
        assertThat(Iban.isValid("DK5000400440116243")).isTrue();
        assertThat(Iban.isValid("DK50 0040 0440 1162 43")).isTrue();
        assertThat(Iban.isValid("DK5100400440116243")).isFalse(); // check digits
        assertThat(Iban.isValid("DK500040044011624")).isFalse(); // a Danish IBAN has 18 characters
        assertThat(Iban.isValid("GB82WEST12345698765432")).isTrue();
        assertThat(Iban.isValid(null)).isFalse();
    }

    @Test
    void theDanishBbanIsTheRegistrationNumberAndTheAccountPaddedToTenDigits() {
        assertThat(new Transfer("E", 1, "N", "1234", "1", null).bban()).isEqualTo("12340000000001");
        assertThat(new Transfer("E", 1, "N", "0400", "4401162433", null).bban()).isEqualTo("04004401162433");
    }
}
