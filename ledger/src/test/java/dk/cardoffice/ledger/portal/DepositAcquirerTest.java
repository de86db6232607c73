package dk.cardoffice.ledger.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dk.cardoffice.ledger.SystemAccount;

/** A top-up posts against its acquirer's receivable; there is none for any other acquirer, whoever calls the writer. */
class DepositAcquirerTest {

    @Test
    void worldlineAndNetsHaveTheirReceivablesAndAnyOtherAcquirerIsRefused() {
        assertThat(SystemAccount.receivableOf("WORLDLINE")).isEqualTo(SystemAccount.ACQUIRER_WORLDLINE);
        assertThat(SystemAccount.receivableOf("NETS")).isEqualTo(SystemAccount.ACQUIRER_NETS);
        assertThatThrownBy(() -> new Deposits.Deposit("O-1", "10000001", 100_00, "PAYPAL", "T-1", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAYPAL").hasMessageContaining("neither WORLDLINE nor NETS");
        assertThatThrownBy(() -> new Deposits.Deposit("O-1", "10000001", 100_00, null, "T-1", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
