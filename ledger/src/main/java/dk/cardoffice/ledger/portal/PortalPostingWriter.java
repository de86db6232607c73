package dk.cardoffice.ledger.portal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.Movement;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;

/**
 * Posts portal deposits and withdrawals, many in a handful of set-based statements, in the caller's
 * transaction (required), with the rules and answers of posting them one by one in the order given. The portal's
 * group commit hands it whatever requests have queued up; {@link Deposits} and {@link Withdrawals}
 * hand it one. The rules live here only. In this order, like the sales writer:
 * <ol>
 * <li>the rules that need no balance: the amount, the account (one query for all);</li>
 * <li>the transactions inserted in key order, {@code on conflict do nothing}: a key posted before is
 * refused — the unique constraint decides, not a look-up;</li>
 * <li>the system accounts' side, each on one of its balance shards, in id order and before any member
 * account (the order every poster takes locks in, so no deadlock); then the member accounts locked in
 * id order and their balances read;</li>
 * <li>the balance rules judged in the order given against the running balance: a withdrawal must be
 * covered, a deposit must stay under the maximum balance. A move refused here gets its transaction
 * row deleted and its amount taken off the shard again, inside the transaction, so nobody ever sees
 * it and the caller need not roll back;</li>
 * <li>one balance change per member account, the postings, the deposit and withdrawal rows.</li>
 * </ol>
 */
public class PortalPostingWriter {

    /** A deposit or a withdrawal. */
    public sealed interface Move permits Deposits.Deposit, Withdrawals.Withdrawal {
        String accountNo();

        long amountOre();
    }

    /** What became of one move: a {@link Deposits.Recorded} or a {@link Withdrawals.Queued}, or why it was refused. */
    public record Outcome(Object done, PortalRefusal refusal) {

        /** What was done, or the refusal thrown. */
        public <T> T orThrow(Class<T> type) {
            if (refusal != null) {
                throw refusal;
            }
            return type.cast(done);
        }
    }

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final MovementWriter movements;
    private final long maxDepositOre;
    private final long maxBalanceOre;

    public PortalPostingWriter(JdbcTemplate jdbc, Accounts accounts, MovementWriter movements, long maxDepositOre, long maxBalanceOre) {
        this.jdbc = jdbc;
        this.movements = movements;
        this.accounts = accounts;
        this.maxDepositOre = maxDepositOre;
        this.maxBalanceOre = maxBalanceOre;
    }

    /** A move that passed the first rules, on its way to the ledger. */
    private static final class Pending {
        final int index;
        final Move move;
        final TransactionType type;
        final String businessKey;
        final long memberAccountId;
        final long systemAccountId;
        /** What the member's account gains: the amount for a deposit, minus it for a withdrawal. */
        final long memberDelta;
        long transactionId;
        long balanceAfter;

        Pending(int index, Move move, TransactionType type, String businessKey, long memberAccountId, long systemAccountId, long memberDelta) {
            this.index = index;
            this.move = move;
            this.type = type;
            this.businessKey = businessKey;
            this.memberAccountId = memberAccountId;
            this.systemAccountId = systemAccountId;
            this.memberDelta = memberDelta;
        }

        String description() {
            if (move instanceof Deposits.Deposit d) {
                return "Indbetaling " + d.acquirer() + " " + d.transactionId();
            }
            Withdrawals.Withdrawal w = (Withdrawals.Withdrawal) move;
            return "Udbetaling til " + w.regNo() + " " + w.bankAccountNo();
        }
    }

    /** One outcome per move, in the order given. */
    public List<Outcome> write(List<? extends Move> moves, Instant now) {
        MovementWriter.Batch batch = movements.begin();
        Outcome[] outcomes = new Outcome[moves.size()];
        List<Pending> pending = firstRules(moves, outcomes);
        List<Movement> rows = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            rows.add(p.memberDelta > 0
                    ? new Movement(p.type, p.businessKey, 1, p.systemAccountId, p.memberAccountId, p.memberDelta, now, p.description(), null, null)
                    : new Movement(p.type, p.businessKey, 1, p.memberAccountId, p.systemAccountId, -p.memberDelta, now, p.description(), null, null));
        }
        Map<Movement.EventKey, Long> ids = batch.insert(rows);
        pending.removeIf(p -> {
            Long id = ids.get(new Movement.EventKey(Movement.keySpace(p.type), p.businessKey));
            if (id == null) {
                outcomes[p.index] = refused(postedBefore(p));
                return true;
            }
            p.transactionId = id;
            return false;
        });
        if (pending.isEmpty()) {
            return List.of(outcomes);
        }
        Map<Long, Long> balances = batch.lockMembers();
        List<Movement.EventKey> refusedNow = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            long before = balances.get(p.memberAccountId);
            long after = before + p.memberDelta;
            PortalRefusal refusal = balanceRule(p, before, after);
            if (refusal != null) {
                outcomes[p.index] = refused(refusal);
                refusedNow.add(new Movement.EventKey(Movement.keySpace(p.type), p.businessKey));
                it.remove();
                continue;
            }
            balances.put(p.memberAccountId, after);
            p.balanceAfter = after;
            outcomes[p.index] = new Outcome(done(p), null);
        }
        batch.withdraw(refusedNow);
        batch.finish();
        insertDeposits(pending);
        insertWithdrawals(pending);
        return List.of(outcomes);
    }

    private List<Pending> firstRules(List<? extends Move> moves, Outcome[] outcomes) {
        Map<String, Accounts.MemberAccount> found = accounts.findMemberAccounts(moves.stream().map(Move::accountNo).distinct().toList());
        List<Pending> pending = new ArrayList<>(moves.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < moves.size(); i++) {
            Move move = moves.get(i);
            Accounts.MemberAccount account = found.get(move.accountNo());
            PortalRefusal refusal = move instanceof Deposits.Deposit d ? depositRule(d, account) : withdrawalRule(move, account);
            if (refusal != null) {
                outcomes[i] = refused(refusal);
                continue;
            }
            Pending p;
            if (move instanceof Deposits.Deposit d) {
                SystemAccount receivable = SystemAccount.receivableOf(d.acquirer());
                p = new Pending(i, d, TransactionType.DEPOSIT, d.orderId(), account.id(), accounts.systemAccountId(receivable), d.amountOre());
            } else {
                Withdrawals.Withdrawal w = (Withdrawals.Withdrawal) move;
                p = new Pending(i, w, TransactionType.WITHDRAWAL, w.requestId(), account.id(), accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING),
                        -w.amountOre());
            }
            if (!keys.add(p.type + ":" + p.businessKey)) {
                outcomes[i] = refused(postedBefore(p)); // the same key twice in one batch: the second is a repeat
                continue;
            }
            pending.add(p);
        }
        return pending;
    }

    private PortalRefusal depositRule(Deposits.Deposit d, Accounts.MemberAccount account) {
        if (d.amountOre() <= 0 || d.amountOre() % 100 != 0) {
            return PortalRefusal.unprocessable("amount", "a deposit is a whole number of DKK above 0 (beløbet skal være i hele danske kroner)");
        }
        if (d.amountOre() > maxDepositOre) {
            return PortalRefusal.unprocessable("amount", "a deposit is at most " + Money.formatDkk(maxDepositOre) + " DKK");
        }
        if (account == null) {
            return PortalRefusal.unprocessable("accountNo", "there is no account " + d.accountNo());
        }
        if (!account.status().equals("OPEN")) {
            return PortalRefusal.unprocessable("accountNo", "account " + d.accountNo() + " is closed");
        }
        return null;
    }

    private static PortalRefusal withdrawalRule(Move w, Accounts.MemberAccount account) {
        if (w.amountOre() <= 0) {
            return PortalRefusal.unprocessable("amount", "the amount must be above 0");
        }
        if (account == null) {
            return PortalRefusal.unprocessable("accountNo", "there is no account " + w.accountNo());
        }
        return null;
    }

    /** A withdrawal is covered by the balance (e-money cannot go below zero); a deposit keeps it under the maximum. */
    private PortalRefusal balanceRule(Pending p, long before, long after) {
        if (p.memberDelta < 0 && after < 0) {
            return PortalRefusal.unprocessable("amount", "the balance is " + Money.formatDkk(before) + " DKK; at most that can be withdrawn");
        }
        if (p.memberDelta > 0 && after > maxBalanceOre) {
            return PortalRefusal.unprocessable("amount", "the balance would be " + Money.formatDkk(after) + " DKK; at most "
                    + Money.formatDkk(maxBalanceOre) + " DKK may stand on a card account");
        }
        return null;
    }

    private static PortalRefusal postedBefore(Pending p) {
        return p.type == TransactionType.DEPOSIT
                ? PortalRefusal.unprocessable("orderId", "order " + p.businessKey + " was recorded before and is not credited again")
                : PortalRefusal.unprocessable("requestId", "withdrawal " + p.businessKey + " was made before and is not made again");
    }

    private static Outcome refused(PortalRefusal refusal) {
        return new Outcome(null, refusal);
    }

    private static Object done(Pending p) {
        if (p.move instanceof Deposits.Deposit d) {
            return new Deposits.Recorded(d.orderId(), d.accountNo(), d.amountOre(), p.balanceAfter);
        }
        Withdrawals.Withdrawal w = (Withdrawals.Withdrawal) p.move;
        return new Withdrawals.Queued(w.requestId(), w.accountNo(), w.amountOre(), "QUEUED", p.balanceAfter);
    }

    private void insertDeposits(List<Pending> pending) {
        List<Pending> deposits = pending.stream().filter(p -> p.move instanceof Deposits.Deposit).toList();
        if (deposits.isEmpty()) {
            return;
        }
        Object[][] columns = new Object[7][deposits.size()];
        for (int i = 0; i < deposits.size(); i++) {
            Pending p = deposits.get(i);
            Deposits.Deposit d = (Deposits.Deposit) p.move;
            columns[0][i] = d.orderId();
            columns[1][i] = p.memberAccountId;
            columns[2][i] = d.amountOre();
            columns[3][i] = d.acquirer();
            columns[4][i] = d.transactionId();
            columns[5][i] = d.capturedAt().atOffset(ZoneOffset.UTC);
            columns[6][i] = p.transactionId;
        }
        SqlArrays.executeWithColumns(jdbc, """
                insert into deposit (order_id, account_id, amount_ore, acquirer, transaction_id, captured_at, ledger_transaction_id)
                select * from unnest(?, ?, ?, ?, ?, ?, ?)""",
                new String[] {"varchar", "bigint", "bigint", "varchar", "varchar", "timestamptz", "bigint"}, columns);
    }

    private void insertWithdrawals(List<Pending> pending) {
        List<Pending> withdrawals = pending.stream().filter(p -> p.move instanceof Withdrawals.Withdrawal).toList();
        if (withdrawals.isEmpty()) {
            return;
        }
        Object[][] columns = new Object[9][withdrawals.size()];
        for (int i = 0; i < withdrawals.size(); i++) {
            Pending p = withdrawals.get(i);
            Withdrawals.Withdrawal w = (Withdrawals.Withdrawal) p.move;
            columns[0][i] = w.requestId();
            columns[1][i] = p.memberAccountId;
            columns[2][i] = w.amountOre();
            columns[3][i] = w.recipientName();
            columns[4][i] = w.regNo();
            columns[5][i] = w.bankAccountNo();
            columns[6][i] = w.text();
            columns[7][i] = w.email();
            columns[8][i] = p.transactionId;
        }
        SqlArrays.executeWithColumns(jdbc, """
                insert into withdrawal (request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, text, email, status,
                                        ledger_transaction_id)
                select u.request_id, u.account_id, u.amount_ore, u.recipient_name, u.reg_no, u.bank_account_no, u.text, u.email, 'QUEUED',
                       u.ledger_transaction_id
                from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)
                     as u(request_id, account_id, amount_ore, recipient_name, reg_no, bank_account_no, text, email, ledger_transaction_id)""",
                new String[] {"varchar", "bigint", "bigint", "varchar", "varchar", "varchar", "varchar", "varchar", "bigint"}, columns);
    }
}
