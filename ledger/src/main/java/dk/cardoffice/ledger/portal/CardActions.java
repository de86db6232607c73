package dk.cardoffice.ledger.portal;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.InsufficientFundsException;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.card.CardNumbers;
import dk.cardoffice.ledger.card.Cards;

/** "Mine kort": block a card, order a replacement (contract §7). Runs in the caller's transaction. */
public class CardActions {

    public record CardState(String cardNumber, String status, String blockReason) {
    }

    public record Replacement(String accountNo, String blockedCardNumber, String newCardNumber, String fee, String balance) {
    }

    /** Why a card was replaced; the old card's status is REPLACED. */
    public record Delivery(String name, String address, String postcode, String city) {
    }

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Cards cards;
    private final long replacementFeeOre;

    public CardActions(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, Cards cards, long replacementFeeOre) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
        this.cards = cards;
        this.replacementFeeOre = replacementFeeOre;
    }

    /** Blocks the card; a card that is blocked already stays as it is (same answer). */
    public CardState block(String cardNumberInput, String reason) {
        String cardNumber = CardNumbers.normalise(cardNumberInput);
        List<CardState> card = jdbc.query("select card_number, status, block_reason from card where card_number = ?",
                (rs, i) -> new CardState(rs.getString(1), rs.getString(2), rs.getString(3)), cardNumber);
        if (card.isEmpty()) {
            throw PortalRefusal.notFound("there is no card " + cardNumber);
        }
        // a card cardoffice blocked because the pupil left takes the parent's reason too: it must not be
        // opened again automatically when the pupil is enrolled again (it may be lost or stolen)
        jdbc.update("""
                update card set status = 'BLOCKED', block_reason = ?, blocked_at = coalesce(blocked_at, current_timestamp)
                where card_number = ? and (status = 'ACTIVE' or (status = 'BLOCKED' and block_reason = ?))""",
                reason, cardNumber, Cards.BLOCKED_NO_ENROLMENT);
        return jdbc.queryForObject("select card_number, status, block_reason from card where card_number = ?",
                (rs, i) -> new CardState(rs.getString(1), rs.getString(2), rs.getString(3)), cardNumber);
    }

    /**
     * Orders a replacement: the current card is replaced (blocked for good), a new card is ordered to
     * the given address, and the fee is charged — covered: with too little on the account nothing happens.
     * The first card is free (the parent letter): an account that never had a card gets it as its first.
     */
    public Replacement replace(String requestId, String accountNo, Delivery delivery, Instant now) {
        Accounts.MemberAccount account = PortalRefusal.requireAccount(accounts, accountNo);
        boolean first = jdbc.queryForObject("select count(*) from card where account_id = ?", Long.class, account.id()) == 0;
        long fee = first ? 0 : replacementFeeOre;
        if (fee > 0) {
            try {
                ledger.post(LedgerTransaction.coveredTransfer(TransactionType.CARD_FEE, requestId, now, "Nyt kort",
                        account.id(), accounts.systemAccountId(SystemAccount.CARD_FEE_INCOME), fee));
            } catch (InsufficientFundsException e) {
                throw PortalRefusal.unprocessable("accountNo", "a replacement card costs " + Money.formatDkk(fee)
                        + " DKK and the balance is " + Money.formatDkk(e.balanceOre()) + " DKK: top up first, then order the card");
            }
        }
        List<String> current = jdbc.queryForList("select card_number from card where account_id = ? and status in ('ACTIVE', 'BLOCKED') order by id",
                String.class, account.id());
        jdbc.update("""
                update card set status = 'REPLACED', block_reason = coalesce(block_reason, 'REPLACED'), blocked_at = coalesce(blocked_at, current_timestamp)
                where account_id = ? and status in ('ACTIVE', 'BLOCKED')""", account.id());
        String holder = jdbc.queryForObject("select m.first_name || ' ' || m.last_name from member m where m.id = ?", String.class, account.memberId());
        Cards.IssuedCard issued = cards.issueAndOrder(account.id(), holder, first ? Cards.OrderReason.FIRST : Cards.OrderReason.REPLACEMENT, fee,
                new Cards.Delivery(delivery.name(), delivery.address(), delivery.postcode(), delivery.city()));
        // a member with no enrolment has a blocked card (contract §2); the replacement is opened when they are enrolled again
        jdbc.update("""
                update card set status = 'BLOCKED', block_reason = ?, blocked_at = current_timestamp
                where id = ? and exists (select 1 from member m where m.id = ? and m.status = 'INACTIVE')""",
                Cards.BLOCKED_NO_ENROLMENT, issued.cardId(), account.memberId());
        return new Replacement(accountNo, current.isEmpty() ? null : current.get(current.size() - 1), issued.cardNumber(),
                Money.formatDkk(fee), Money.formatDkk(ledger.balance(account.id())));
    }
}
