package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dk.cardoffice.ledger.testing.LedgerFixture;
import dk.cardoffice.ledger.testing.TestDatabase;

class LedgerVerifierTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void detectsBalanceTamperedWithInTheDatabase(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            long member = f.newMemberAccount("Ida");
            String accountNo = f.jdbc.queryForObject("select account_no from account where id = ?", String.class, member);
            f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "O-1", Instant.now(), null,
                    f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS), member, 100_00));
            assertThat(f.verifier.verify().intact()).isTrue();

            f.jdbc.update("update account set balance = balance + 50000 where id = ?", member);

            LedgerReport report = f.verifier.verify();
            assertThat(report.intact()).isFalse();
            assertThat(report.render()).contains("FAILED")
                    .contains("account " + accountNo + " shows balance 600.00 DKK but its postings sum to 100.00 DKK")
                    .contains("e-money liability does not agree");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void detectsPostingTamperedWithInTheDatabase(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            long member = f.newMemberAccount("Ida");
            PostingResult.Posted posted = (PostingResult.Posted) f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT,
                    "O-1", Instant.now(), null, f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS), member, 100_00));

            f.jdbc.update("update posting set amount = 9000 where account_id = ?", member);

            LedgerReport report = f.verifier.verify();
            assertThat(report.breaks()).anySatisfy(b -> assertThat(b)
                    .isEqualTo("transaction " + posted.transactionId() + " (DEPOSIT O-1) has 2 postings summing to -10.00 DKK"));
            assertThat(report.breaks()).anySatisfy(b -> assertThat(b).startsWith("all postings together sum to -10.00 DKK"));
        }
    }
}
