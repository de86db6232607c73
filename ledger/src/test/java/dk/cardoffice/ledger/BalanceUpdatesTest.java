package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dk.cardoffice.ledger.testing.LedgerFixture;
import dk.cardoffice.ledger.testing.TestDatabase;

/** A balance update that finds no row is an error that posts nothing, never a posting whose balance stayed put. */
class BalanceUpdatesTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aSystemAccountWithoutItsBalanceShardsRefusesThePostingAndNothingIsPosted(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            long member = f.newMemberAccount("Ida");
            long nets = f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS);
            // the writer reads an account's shard count once; then the rows vanish under it: only shard 0 of 16 is left
            f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "O-first", Instant.now(), null, nets, member, 100_00));
            f.jdbc.update("delete from account_balance_shard where account_id = ? and shard > 0", nets);
            f.jdbc.update("update account_balance_shard set balance = -10000 where account_id = ?", nets);

            int posted = 1;
            RuntimeException refused = null;
            for (int i = 0; i < 200 && refused == null; i++) { // each posting picks a shard at random: 15 of 16 are missing
                try {
                    f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "O-" + i, Instant.now(), null, nets, member, 100_00));
                    posted++;
                } catch (IllegalStateException e) {
                    refused = e;
                }
            }

            assertThat(refused).isNotNull();
            assertThat(refused).hasMessageContaining("has no balance shard").hasMessageContaining("nothing of this batch was posted");
            assertThat(f.jdbc.queryForObject("select count(*) from movement where leg = 1", Long.class)).isEqualTo(posted);
            assertThat(f.jdbc.queryForObject("select balance from account where id = ?", Long.class, member)).isEqualTo(posted * 100_00L);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }
}
