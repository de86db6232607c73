package dk.cardoffice.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One movement: {@code amountOre} from the debit account to the credit account. An event with more legs (a
 * settlement capture and its fee) is several movements with the same type and business key and legs 1, 2, ...,
 * always written together. A movement is balanced by construction: the same amount leaves one account and
 * reaches another.
 *
 * @param referenceId the movement this one corrects or moves (suspense transfer, reversal), or null
 * @param sale        what a terminal sale carries for receipts, statements and daily limits; null otherwise
 */
public record Movement(TransactionType type, String businessKey, int leg, long debitAccountId, long creditAccountId, long amountOre,
        Instant bookedAt, String description, Long referenceId, SaleDetail sale) {

    public Movement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bookedAt, "bookedAt");
        if (businessKey == null || businessKey.isBlank() || businessKey.length() > 120) {
            throw new IllegalArgumentException("business key must be 1-120 characters");
        }
        if (leg < 1) {
            throw new IllegalArgumentException("legs are numbered from 1");
        }
        if (debitAccountId == creditAccountId) {
            throw new IllegalArgumentException(type + " " + businessKey + " moves money from account " + debitAccountId + " to itself");
        }
        // a sale of free items moves 0 øre and is still recorded (receipt, statement); anything else moves money
        if (amountOre < 0 || (amountOre == 0 && sale == null)) {
            throw new IllegalArgumentException(type + " " + businessKey + " moves " + amountOre + " øre");
        }
    }

    /** The business key's name space: a REFUND shares SALE's, since a terminal's sale id is posted once, either way. */
    public String keySpace() {
        return keySpace(type);
    }

    public static String keySpace(TransactionType type) {
        return type == TransactionType.REFUND ? TransactionType.SALE.name() : type.name();
    }

    public EventKey event() {
        return new EventKey(keySpace(), businessKey);
    }

    /** An event: all legs under one business key. */
    public record EventKey(String keySpace, String businessKey) {
    }

    /** A terminal sale's details: its terminal and sale id are the business key (terminal:sale id). */
    public record SaleDetail(String institutionNo, String institutionType, String cardNumber, String items, long salesFileId, int lineNo) {
    }
}
