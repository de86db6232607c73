package dk.cardoffice.ledger.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.testing.LedgerFixture;
import dk.cardoffice.ledger.testing.TestDatabase;

/**
 * The portal's batch writer against a real H2 and PostgreSQL: a batch gets the answers of posting its
 * moves one by one in the order given, and a move refused inside the batch leaves nothing behind.
 */
class PortalPostingWriterTest {

    private static final Instant NOW = Instant.parse("2026-11-20T08:15:00Z");
    private static final long MAX_DEPOSIT = 2_000_00;
    private static final long MAX_BALANCE = 5_000_00;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBatchIsJudgedInOrderAgainstTheRunningBalance(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            PortalPostingWriter writer = new PortalPostingWriter(f.jdbc, f.accounts, f.movements, MAX_DEPOSIT, MAX_BALANCE);
            String ida = accountNo(f, f.newMemberAccount("Ida"));
            String bo = accountNo(f, f.newMemberAccount("Bo"));

            List<PortalPostingWriter.Outcome> outcomes = inOneTransaction(f, () -> writer.write(List.of(
                    deposit("O1", ida, 1_000_00),
                    withdrawal("W1", ida, 1_500_00),      // only 1,000.00 stands on the account yet
                    deposit("O2", ida, 2_000_00),
                    withdrawal("W2", ida, 1_500_00),      // now it is covered: 3,000.00
                    deposit("O3", bo, 2_000_00),
                    deposit("O4", ida, 2_000_00),
                    deposit("O5", ida, 2_000_00),         // 5,500.00 > the maximum balance
                    deposit("O6", "99999999", 100_00),    // no such account
                    deposit("O7", ida, 150),              // not whole DKK
                    withdrawal("W3", bo, 2_000_00)), NOW));

            assertThat(balances(outcomes)).containsExactly(1_000_00L, null, 3_000_00L, 1_500_00L, 2_000_00L, 3_500_00L, null, null, null, 0L);
            assertThat(outcomes.get(1).refusal().getMessage()).contains("the balance is 1000.00 DKK");
            assertThat(outcomes.get(6).refusal().getMessage()).contains("the balance would be 5500.00 DKK");
            assertThat(outcomes.get(7).refusal().getMessage()).contains("there is no account 99999999");
            assertThat(outcomes.get(8).refusal().problems()).extracting(PortalRefusal.FieldProblem::field).containsExactly("amount");
            assertThat(f.accounts.findMemberAccount(ida).orElseThrow().balanceOre()).isEqualTo(3_500_00);
            assertThat(f.accounts.findMemberAccount(bo).orElseThrow().balanceOre()).isZero();
            // refused moves left no transaction behind, and their amounts came off the system accounts again
            assertThat(f.jdbc.queryForList("select business_key from movement order by business_key", String.class))
                    .containsExactly("O1", "O2", "O3", "O4", "W2", "W3");
            assertThat(f.ledger.balance(f.accounts.systemAccountId(SystemAccount.ACQUIRER_WORLDLINE))).isEqualTo(-7_000_00);
            assertThat(f.ledger.balance(f.accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING))).isEqualTo(3_500_00);
            assertThat(f.jdbc.queryForObject("select count(*) from deposit", Long.class)).isEqualTo(4);
            assertThat(f.jdbc.queryForObject("select count(*) from withdrawal where status = 'QUEUED'", Long.class)).isEqualTo(2);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyPostedBeforeOrTwiceInOneBatchIsPostedOnce(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            PortalPostingWriter writer = new PortalPostingWriter(f.jdbc, f.accounts, f.movements, MAX_DEPOSIT, MAX_BALANCE);
            String ida = accountNo(f, f.newMemberAccount("Ida"));
            inOneTransaction(f, () -> writer.write(List.of(deposit("O1", ida, 100_00)), NOW));

            List<PortalPostingWriter.Outcome> outcomes = inOneTransaction(f, () -> writer.write(List.of(
                    deposit("O1", ida, 100_00), deposit("O2", ida, 100_00), deposit("O2", ida, 100_00),
                    withdrawal("W1", ida, 50_00), withdrawal("W1", ida, 50_00)), NOW));

            assertThat(balances(outcomes)).containsExactly(null, 200_00L, null, 150_00L, null);
            assertThat(outcomes.get(0).refusal().getMessage()).contains("order O1 was recorded before");
            assertThat(outcomes.get(4).refusal().getMessage()).contains("withdrawal W1 was made before");
            assertThat(f.accounts.findMemberAccount(ida).orElseThrow().balanceOre()).isEqualTo(150_00);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    /**
     * Random batches of deposits and withdrawals over a few accounts, against a model that takes the
     * moves one at a time: the same answers, the same balances, every posting once.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void randomBatchesGiveTheAnswersOfOneByOne(TestDatabase database) {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            PortalPostingWriter writer = new PortalPostingWriter(f.jdbc, f.accounts, f.movements, MAX_DEPOSIT, MAX_BALANCE);
            List<String> accountNos = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                accountNos.add(accountNo(f, f.newMemberAccount("Barn" + i)));
            }
            long[] model = new long[accountNos.size()];
            Random random = new Random(20261203);
            int posted = 0;
            for (int batch = 0; batch < 60; batch++) {
                List<PortalPostingWriter.Move> moves = new ArrayList<>();
                List<Long> expected = new ArrayList<>();
                int size = 1 + random.nextInt(20);
                for (int i = 0; i < size; i++) {
                    int a = random.nextInt(accountNos.size());
                    boolean isDeposit = random.nextInt(3) < 2;
                    long amount = isDeposit ? (1 + random.nextInt(20)) * 100_00L : (1 + random.nextInt(150_000));
                    String key = "K" + batch + "-" + i;
                    long after = model[a] + (isDeposit ? amount : -amount);
                    boolean allowed = isDeposit ? after <= MAX_BALANCE : after >= 0;
                    moves.add(isDeposit ? deposit(key, accountNos.get(a), amount) : withdrawal(key, accountNos.get(a), amount));
                    expected.add(allowed ? after : null);
                    if (allowed) {
                        model[a] = after;
                        posted++;
                    }
                }
                List<PortalPostingWriter.Outcome> outcomes = inOneTransaction(f, () -> writer.write(moves, NOW));
                assertThat(balances(outcomes)).as("batch %d", batch).containsExactlyElementsOf(expected);
            }
            for (int a = 0; a < accountNos.size(); a++) {
                assertThat(f.accounts.findMemberAccount(accountNos.get(a)).orElseThrow().balanceOre()).isEqualTo(model[a]);
            }
            assertThat(f.jdbc.queryForObject("select count(*) from movement where leg = 1", Long.class)).isEqualTo(posted);
            assertThat(f.verifier.verify().breaks()).isEmpty();
        }
    }

    private static <T> T inOneTransaction(LedgerFixture f, java.util.function.Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(f.jdbc.getDataSource())).execute(tx -> work.get());
    }

    /** The balance each move left, or null where it was refused. */
    private static List<Long> balances(List<PortalPostingWriter.Outcome> outcomes) {
        List<Long> balances = new ArrayList<>();
        for (PortalPostingWriter.Outcome outcome : outcomes) {
            if (outcome.refusal() != null) {
                balances.add(null);
            } else if (outcome.done() instanceof Deposits.Recorded recorded) {
                balances.add(recorded.balanceOre());
            } else {
                balances.add(((Withdrawals.Queued) outcome.done()).balanceOre());
            }
        }
        return balances;
    }

    private static String accountNo(LedgerFixture f, long accountId) {
        return f.jdbc.queryForObject("select account_no from account where id = ?", String.class, accountId);
    }

    private static Deposits.Deposit deposit(String orderId, String accountNo, long amountOre) {
        return new Deposits.Deposit(orderId, accountNo, amountOre, "WORLDLINE", "T-" + orderId, NOW);
    }

    private static Withdrawals.Withdrawal withdrawal(String requestId, String accountNo, long amountOre) {
        return new Withdrawals.Withdrawal(requestId, accountNo, amountOre, "Mette Ærø", "1234", "12345678", "Lommepenge", null);
    }
}
