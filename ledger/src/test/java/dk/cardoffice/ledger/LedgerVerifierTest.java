package dk.cardoffice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

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
                    .contains("account " + accountNo + " shows balance 600.00 DKK but its movements sum to 100.00 DKK")
                    .contains("e-money liability does not agree");
        }
    }

    /** A ledger with one event of each kind the checks look at: a deposit, a withdrawal, a sale, a two-leg settlement. */
    private static final class Books {
        final LedgerFixture f;
        final long member;
        final long sale;
        final long settlementLeg1;

        Books(LedgerFixture f) {
            this.f = f;
            member = f.newMemberAccount("Ida");
            long nets = f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS);
            long deposit = ((PostingResult.Posted) f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "O-1", Instant.now(), null,
                    nets, member, 100_00))).transactionId();
            f.jdbc.update("""
                    insert into deposit (order_id, account_id, amount_ore, acquirer, transaction_id, captured_at, ledger_transaction_id)
                    values ('O-1', ?, 10000, 'NETS', 'T-1', current_timestamp, ?)""", member, deposit);
            long clearing = f.accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING);
            long withdrawal = ((PostingResult.Posted) f.ledger.post(LedgerTransaction.coveredTransfer(TransactionType.WITHDRAWAL, "W-1",
                    Instant.now(), null, member, clearing, 20_00))).transactionId();
            f.jdbc.update("""
                    insert into withdrawal (request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, status, ledger_transaction_id)
                    values ('W-1', ?, 2000, 'Ida Test', '1234', '0001234567', 'QUEUED', ?)""", member, withdrawal);
            f.jdbc.update("insert into institution (institution_no, name, type) values ('280001', 'Skole', 'SCHOOL')");
            long salesAccount = f.accounts.salesPayableAccountId("280001");
            f.jdbc.update("insert into sales_file (file_sha256) values ('abc')");
            long file = f.jdbc.queryForObject("select id from sales_file where file_sha256 = 'abc'", Long.class);
            sale = new org.springframework.transaction.support.TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(
                    f.jdbc.getDataSource())).execute(status -> {
                        MovementWriter.Batch batch = f.movements.begin();
                        long id = batch.insert(List.of(new Movement(TransactionType.SALE, "T1:S1", 1, member, salesAccount, 12_50, Instant.now(),
                                null, null, new Movement.SaleDetail("280001", "SCHOOL", "AB12CD34", "M1\tToast\t1\t1250", file, 2))))
                                .values().iterator().next();
                        batch.finish();
                        return id;
                    });
            long bank = f.accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK);
            long fees = f.accounts.systemAccountId(SystemAccount.FEE_EXPENSE);
            f.ledger.post(new LedgerTransaction(TransactionType.SETTLEMENT, "F:1", Instant.now(), null, null,
                    List.of(Posting.debit(nets, 100_00), Posting.credit(bank, 99_00), Posting.credit(fees, 1_00))));
            settlementLeg1 = f.jdbc.queryForObject("select id from movement where business_key = 'F:1' and leg = 1", Long.class);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    /** One deliberately broken row of each kind: verify-ledger names it. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBrokenRowOfEachKindIsNamed(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            Books b = new Books(new LedgerFixture(db.ds()));
            JdbcTemplate jdbc = b.f.jdbc;
            String memberNo = jdbc.queryForObject("select account_no from account where id = ?", String.class, b.member);

            jdbc.update("update movement set credit_account_id = 987654 where business_key = 'O-1'");
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).contains("(DEPOSIT O-1) moves from account")
                    .contains("to account 987654, and one of them does not exist"));
            jdbc.update("update movement set credit_account_id = ? where business_key = 'O-1'", b.member);

            jdbc.update("update movement set member_account_id = null where business_key = 'W-1'");
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).contains("(WITHDRAWAL W-1) names member account null"));
            jdbc.update("update movement set member_account_id = ? where business_key = 'W-1'", b.member);

            jdbc.update("update account_balance_shard set balance = balance + 1 where account_id = ? and shard = 3",
                    b.f.accounts.systemAccountId(SystemAccount.FEE_EXPENSE));
            assertThat(b.f.verifier.verify().breaks()).containsExactly("account FEE-EXPENSE shows balance 1.01 DKK but its movements sum to 1.00 DKK");
            jdbc.update("update account_balance_shard set balance = balance - 1 where account_id = ? and shard = 3",
                    b.f.accounts.systemAccountId(SystemAccount.FEE_EXPENSE));

            jdbc.update("update movement set amount = 1300 where id = ?", b.sale);
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x)
                    .isEqualTo("sale movement " + b.sale + " (T1:S1) moves 13.00 DKK but its items add up to 12.50 DKK"));
            jdbc.update("update movement set amount = 1250 where id = ?", b.sale);

            jdbc.update("update movement set credit_account_id = ? where id = ?", b.f.accounts.systemAccountId(SystemAccount.SUSPENSE), b.sale);
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).isEqualTo("sale movement " + b.sale
                    + " (T1:S1) does not move between a member's (or suspense) account and its institution's sales account"));
            jdbc.update("update movement set credit_account_id = ? where id = ?", b.f.accounts.salesPayableAccountId("280001"), b.sale);

            jdbc.update("update deposit set amount_ore = 20000 where order_id = 'O-1'");
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).startsWith("deposit O-1 of 20000 øre does not match its movement"));
            jdbc.update("update deposit set amount_ore = 10000 where order_id = 'O-1'");

            jdbc.update("update withdrawal set account_id = ? where request_id = 'W-1'", b.f.newMemberAccount("Other"));
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).startsWith("withdrawal W-1 of 2000 øre does not match its movement"));
            jdbc.update("update withdrawal set account_id = ? where request_id = 'W-1'", b.member);

            jdbc.update("update withdrawal set status = 'CONFIRMED' where request_id = 'W-1'");
            assertThat(b.f.verifier.verify().breaks()).containsExactly("withdrawal W-1 is CONFIRMED but has 0 payout and 0 reversal movement(s) of its amount");
            jdbc.update("update withdrawal set status = 'QUEUED' where request_id = 'W-1'");

            jdbc.update("delete from movement where id = ?", b.settlementLeg1);
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).isEqualTo("event SETTLEMENT F:1 has 1 legs numbered up to 2: a leg is missing"));
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).startsWith("account ACQ-NETS shows balance"));

            jdbc.update("update account set balance = balance - 100 where id = ?", b.member);
            assertThat(b.f.verifier.verify().breaks()).anySatisfy(x -> assertThat(x).startsWith("account " + memberNo + " shows balance 66.50 DKK"))
                    .anySatisfy(x -> assertThat(x).startsWith("e-money liability does not agree: member balances 66.50 DKK"));
        }
    }
}
