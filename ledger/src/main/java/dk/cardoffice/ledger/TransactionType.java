package dk.cardoffice.ledger;

/** What a ledger transaction is; together with the business key it identifies it for ever. */
public enum TransactionType {
    /** A top-up the acquirer captured: acquirer receivable → member. Key: order id. */
    DEPOSIT,
    /** A withdrawal reserved for the next payout run: member → payout clearing. Key: request id. */
    WITHDRAWAL,
    /** A withdrawal cancelled or rejected by the bank: payout clearing → member. Key: request id. */
    WITHDRAWAL_REVERSAL,
    /** A withdrawal the bank paid: payout clearing → client-funds bank. Key: request id. */
    PAYOUT,
    /** A sale on a terminal: member (or suspense) → sales payable. Key: terminal:sale id. */
    SALE,
    /** A refund on a terminal: sales payable → member (or suspense). Key: terminal:sale id. */
    REFUND,
    /** An operator moves a suspense sale to the right member account. Key: original transaction id. */
    SUSPENSE_TRANSFER,
    /** The replacement card fee: member → card-fee income. Key: card order request id. */
    CARD_FEE,
    /**
     * Acquirer settlement (contract §5): the matched captures of a chunk of a settlement file, receivable →
     * bank and fee expense (key: file sha256:lines:first-last), or one capture the deposits do not explain,
     * suspense → bank and fee expense (key: file sha256:line:n).
     */
    SETTLEMENT,
    /** A chargeback in a settlement file: member (or suspense) → bank, fee to fee expense. Key: file sha256:line:n. */
    CHARGEBACK,
    /** A top-up the acquirer refunded to the parent's card: member (or suspense) → bank. Key: file sha256:line:n. */
    DEPOSIT_REFUND
}
