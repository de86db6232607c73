package dk.cardoffice.batch.sales;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVRecord;

import dk.cardoffice.batch.support.LocalTimes;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.card.CardNumbers;

/**
 * One item line of a sales file, read and checked on its own (contract §4). What is wrong with it
 * is in {@link #problems}; a line with a problem rejects its whole sale.
 */
record SalesLine(long lineNo, String terminalId, String institutionNo, String saleId, LocalDateTime soldAt, String cardNumber,
        String type, String itemCode, String itemName, long quantity, long unitPriceOre, List<String> problems) {

    private static final int TERMINAL = 0;
    private static final int INSTITUTION = 1;
    private static final int SALE_ID = 2;
    private static final int SOLD_AT_COLUMN = 3;
    private static final int CARD = 4;
    private static final int TYPE = 5;
    private static final int ITEM_CODE = 6;
    private static final int ITEM_NAME = 7;
    private static final int QUANTITY = 8;
    private static final int UNIT_PRICE = 9;

    /**
     * What the line adds to the trailer's amount without checking the rest of it (the file check reads
     * every line before anything is posted, so it reads only these three columns): quantity × unit
     * price, negative for REFUND; 0 when unreadable, with {@code unreadable[0]} counting such lines.
     */
    static long trailerAmount(CSVRecord record, int[] columns, long[] unreadable) {
        String type = value(record, columns[TYPE]);
        String quantity = value(record, columns[QUANTITY]);
        try {
            long amount = Math.multiplyExact(isDigits(quantity, 1, 6) ? Long.parseLong(quantity) : 0, Money.parseDkk(value(record, columns[UNIT_PRICE])));
            if (amount == 0 && !isDigits(quantity, 1, 6)) {
                unreadable[0]++;
            }
            return type.equals("REFUND") ? -amount : type.equals("SALE") ? amount : 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            unreadable[0]++; // an amount beyond what a long holds is no amount: the line is rejected when posted
            return 0;
        }
    }

    static SalesLine read(CSVRecord record, long lineNo, int[] columns, String fileTerminalId) {
        List<String> problems = new ArrayList<>(0);
        String terminalId = value(record, columns[TERMINAL]);
        if (!terminalId.equals(fileTerminalId)) {
            problems.add("terminal_id '" + terminalId + "' is not the terminal of the file name (" + fileTerminalId + ")");
        }
        String institutionNo = value(record, columns[INSTITUTION]);
        if (!isDigits(institutionNo, 6, 6)) {
            problems.add("institution_no '" + institutionNo + "' is not 6 digits");
        }
        String saleId = value(record, columns[SALE_ID]);
        if (saleId.isEmpty()) {
            problems.add("sale_id is empty");
        } else if (saleId.length() > 60) {
            problems.add("sale_id is longer than 60 characters");
        }
        String soldAtText = value(record, columns[SOLD_AT_COLUMN]);
        LocalDateTime soldAt = soldAt(soldAtText);
        if (soldAt == null) {
            problems.add("sold_at '" + soldAtText + "' is not a time like 2026-11-20T11:42:07");
        }
        String cardNumber = CardNumbers.normalise(value(record, columns[CARD]));
        if (cardNumber.length() != 8) {
            problems.add("card_number '" + cardNumber + "' is not 8 characters");
        }
        String type = value(record, columns[TYPE]);
        if (!type.equals("SALE") && !type.equals("REFUND")) {
            problems.add("type '" + type + "' is neither SALE nor REFUND");
        }
        String itemCode = value(record, columns[ITEM_CODE]);
        if (itemCode.isEmpty() || itemCode.length() > 40) {
            problems.add(itemCode.isEmpty() ? "item_code is empty" : "item_code is longer than 40 characters");
        }
        String itemName = value(record, columns[ITEM_NAME]);
        if (itemName.isEmpty() || itemName.length() > 100) {
            problems.add(itemName.isEmpty() ? "item_name is empty" : "item_name is longer than 100 characters");
        }
        String quantityText = value(record, columns[QUANTITY]);
        long quantity = isDigits(quantityText, 1, 6) ? Long.parseLong(quantityText) : 0;
        if (quantity < 1) {
            problems.add("quantity '" + quantityText + "' is not a whole number of at least 1");
        }
        String priceText = value(record, columns[UNIT_PRICE]);
        long unitPrice = 0;
        try {
            unitPrice = Money.parseDkk(priceText);
            if (unitPrice < 0) {
                problems.add("unit_price '" + priceText + "' is negative");
                unitPrice = 0;
            } else if (unitPrice > 10_000_000) {
                problems.add("unit_price '" + priceText + "' is above 100,000.00 DKK");
                unitPrice = 0;
            }
        } catch (IllegalArgumentException e) {
            problems.add("unit_price '" + priceText + "' is not an amount in DKK with at most 2 decimals");
        }
        return new SalesLine(lineNo, terminalId, institutionNo, saleId, soldAt, cardNumber, type, itemCode, itemName, quantity, unitPrice,
                problems);
    }

    /** yyyy-MM-ddTHH:mm:ss read by hand, cheaper than a DateTimeFormatter on the busiest path; null when it is not one. */
    static LocalDateTime soldAt(String text) {
        return LocalTimes.parse(text);
    }

    private static String value(CSVRecord record, int column) {
        return column >= 0 && column < record.size() ? record.get(column) : "";
    }

    private static boolean isDigits(String text, int min, int max) {
        if (text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
