package dk.cardoffice.batch.settlement;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVRecord;

import dk.cardoffice.batch.support.LocalTimes;
import dk.cardoffice.ledger.Money;

/**
 * One line of a settlement file, read and checked on its own (contract §5). What is wrong with it is in
 * {@link #problems}; the file check rejects the whole file when any line has one, because the file is one
 * payout advice: its net must be accounted for completely or not at all.
 *
 * @param signedOre what the line adds to the payout before fees: +amount for a CAPTURE, −amount otherwise
 */
record SettlementLine(long lineNo, String acquirer, LocalDate settlementDate, String payoutReference, String transactionId, String orderId,
        Instant transactionTime, String cardBrand, String type, long amountOre, long feeOre, List<String> problems) {

    static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private static final int SETTLEMENT_DATE = 0;
    private static final int PAYOUT_REFERENCE = 1;
    private static final int TRANSACTION_ID = 2;
    private static final int ORDER_ID = 3;
    private static final int TRANSACTION_TIME = 4;
    private static final int CARD_BRAND = 5;
    private static final int TYPE = 6;
    private static final int AMOUNT = 7;
    private static final int FEE = 8;
    private static final int CURRENCY = 9;

    boolean isCapture() {
        return type.equals("CAPTURE");
    }

    long signedOre() {
        return isCapture() ? amountOre : -amountOre;
    }

    /** What the bank receives for this line: the signed amount less the fee (negative when the acquirer takes money back). */
    long netOre() {
        return signedOre() - feeOre;
    }

    static SettlementLine read(CSVRecord record, long lineNo, int[] columns, String fileAcquirer) {
        List<String> problems = new ArrayList<>(0);
        LocalDate settlementDate = null;
        String dateText = value(record, columns[SETTLEMENT_DATE]);
        try {
            settlementDate = parseDate(dateText);
        } catch (DateTimeException e) {
            problems.add("settlement_date '" + dateText + "' is not a date yyyy-MM-dd");
        }
        String payoutReference = text(record, columns[PAYOUT_REFERENCE], "payout_reference", problems);
        String transactionId = text(record, columns[TRANSACTION_ID], "transaction_id", problems);
        String orderId = text(record, columns[ORDER_ID], "order_id", problems);
        Instant transactionTime = null;
        String timeText = value(record, columns[TRANSACTION_TIME]);
        try {
            transactionTime = parseTime(timeText);
        } catch (DateTimeException e) {
            problems.add("transaction_time '" + timeText + "' is not a time yyyy-MM-dd'T'HH:mm:ss (Copenhagen time, or with an offset)");
        }
        String cardBrand = text(record, columns[CARD_BRAND], "card_brand", problems);
        if (cardBrand.length() > 20) {
            problems.add("card_brand is longer than 20 characters");
        }
        String type = value(record, columns[TYPE]);
        if (!type.equals("CAPTURE") && !type.equals("REFUND") && !type.equals("CHARGEBACK")) {
            problems.add("type '" + type + "' is not CAPTURE, REFUND or CHARGEBACK");
        }
        long amount = amount(record, columns[AMOUNT], "amount", problems);
        if (amount == 0 && problems.isEmpty()) {
            problems.add("amount is 0: a settlement line always moves a positive amount");
        }
        long fee = amount(record, columns[FEE], "fee", problems);
        String currency = value(record, columns[CURRENCY]);
        if (!currency.equals("DKK")) {
            problems.add("currency '" + currency + "' is not DKK");
        }
        return new SettlementLine(lineNo, fileAcquirer, settlementDate, payoutReference, transactionId, orderId, transactionTime, cardBrand, type,
                amount, fee, problems);
    }

    /**
     * What the line adds to the trailer's three sums (signed amount, fee) without checking the rest: the file
     * check compares them with the trailer; 0 for an unreadable amount (that line is reported on its own).
     */
    static long[] trailerAmounts(CSVRecord record, int[] columns) {
        String type = value(record, columns[TYPE]);
        long amount = parseOrZero(value(record, columns[AMOUNT]));
        long fee = parseOrZero(value(record, columns[FEE]));
        return new long[] {type.equals("CAPTURE") ? amount : -amount, fee};
    }

    private static long parseOrZero(String text) {
        try {
            return isDotAmount(text) ? Money.parseDkk(text) : 0;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** DKK with '.' as decimal mark (contract §5), at most two decimals, not negative. */
    static boolean isDotAmount(String text) {
        return !text.isEmpty() && text.indexOf(',') < 0 && !text.startsWith("-") && !text.startsWith("+");
    }

    private static long amount(CSVRecord record, int column, String name, List<String> problems) {
        String text = value(record, column);
        if (!isDotAmount(text)) {
            problems.add(name + " '" + text + "' is not an amount in DKK with '.' and at most 2 decimals (not negative)");
            return 0;
        }
        try {
            return Money.parseDkk(text);
        } catch (IllegalArgumentException e) {
            problems.add(name + " '" + text + "' is not an amount in DKK with '.' and at most 2 decimals (not negative)");
            return 0;
        }
    }

    /** Copenhagen local time as the contract's other feeds write it, or an ISO time with an offset or Z. */
    static Instant parseTime(String text) {
        LocalDateTime local = LocalTimes.parse(text);
        if (local != null) {
            return local.atZone(COPENHAGEN).toInstant();
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /** The settlement date is the same on every line of a file: parsed once per thread, not 250,000 times. */
    private static final ThreadLocal<Object[]> LAST_DATE = ThreadLocal.withInitial(() -> new Object[2]);

    private static LocalDate parseDate(String text) {
        Object[] last = LAST_DATE.get();
        if (!text.equals(last[0])) {
            last[1] = LocalDate.parse(text);
            last[0] = text;
        }
        return (LocalDate) last[1];
    }

    private static String text(CSVRecord record, int column, String name, List<String> problems) {
        String value = value(record, column);
        if (value.isEmpty()) {
            problems.add(name + " is empty");
        } else if (value.length() > 64) {
            problems.add(name + " is longer than 64 characters");
        }
        return value;
    }

    static String value(CSVRecord record, int column) {
        return column < record.size() ? record.get(column) : "";
    }
}
