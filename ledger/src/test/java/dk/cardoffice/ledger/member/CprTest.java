package dk.cardoffice.ledger.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class CprTest {

    @Test
    void acceptsBothFormsAndReadsTheCentury() {
        assertThat(Cpr.parse("250309-4121").birthDate()).isEqualTo(LocalDate.of(2009, 3, 25));
        assertThat(Cpr.parse("1302781234").birthDate()).isEqualTo(LocalDate.of(1978, 2, 13));
        assertThat(Cpr.parse("0101155001").birthDate()).isEqualTo(LocalDate.of(2015, 1, 1));
        assertThat(Cpr.parse("0101605001").birthDate()).isEqualTo(LocalDate.of(1860, 1, 1));
    }

    @Test
    void noModulus11CheckButTheDateMustBeReal() {
        assertThat(Cpr.parse("2903124001").birthDate()).isEqualTo(LocalDate.of(2012, 3, 29)); // fails modulus 11, still valid
        assertThat(Cpr.parse("2902124001").birthDate()).isEqualTo(LocalDate.of(2012, 2, 29)); // leap year
        assertThatThrownBy(() -> Cpr.parse("2902134001")).hasMessageContaining("real date");
        assertThatThrownBy(() -> Cpr.parse("3213104001")).hasMessageContaining("real date");
        assertThatThrownBy(() -> Cpr.parse("12345")).hasMessageContaining("10 digits");
    }

    @Test
    void isShownAndLoggedOnlyMasked() {
        Cpr cpr = Cpr.parse("250309-4121");
        assertThat(cpr.masked()).isEqualTo("250309-xxxx");
        assertThat(cpr.toString()).isEqualTo("250309-xxxx").doesNotContain("4121");
        assertThatThrownBy(() -> Cpr.parse("2513094121")).hasMessageNotContaining("2513094121");
    }

    @Test
    void hmacIsStableAndKeyed() {
        Cpr cpr = Cpr.parse("2503094121");
        assertThat(new CprProtector("0123456789abcdef-one").hmac(cpr)).hasSize(64)
                .isEqualTo(new CprProtector("0123456789abcdef-one").hmac(Cpr.parse("250309-4121")))
                .isNotEqualTo(new CprProtector("0123456789abcdef-two").hmac(cpr));
    }
}
