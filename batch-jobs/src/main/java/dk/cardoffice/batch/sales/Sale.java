package dk.cardoffice.batch.sales;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dk.cardoffice.ledger.Money;

/**
 * The lines of one sale (same sale_id, consecutive in the file), as one item of the posting step.
 * Its amount is Σ quantity × unit price; {@link #problems} says, with line numbers, why it is
 * rejected (empty when it is not).
 */
final class Sale {

    private final List<SalesLine> lines = new ArrayList<>(4);
    private final List<String> problems = new ArrayList<>(0);
    /** Made once: the writer asks for them several times per sale. */
    private String businessKey;
    private String itemsRecord;

    Sale(SalesLine first) {
        add(first);
    }

    void add(SalesLine line) {
        for (String problem : line.problems()) {
            problems.add("line " + line.lineNo() + ": " + problem);
        }
        if (!lines.isEmpty() && line.problems().isEmpty()) {
            SalesLine first = lines.get(0);
            if (!line.type().equals(first.type()) || !line.cardNumber().equals(first.cardNumber())
                    || !line.institutionNo().equals(first.institutionNo()) || !line.soldAt().equals(first.soldAt())) {
                problems.add("line " + line.lineNo() + ": type, card_number, institution_no and sold_at must be those of the sale's first line "
                        + first.lineNo());
            }
        }
        lines.add(line);
        businessKey = null;
        itemsRecord = null;
    }

    String saleId() {
        return lines.get(0).saleId();
    }

    String terminalId() {
        return lines.get(0).terminalId();
    }

    /** The ledger's business key: a sale is posted once, ever (contract §4). */
    String businessKey() {
        if (businessKey == null) {
            businessKey = terminalId() + ":" + saleId();
        }
        return businessKey;
    }

    long firstLine() {
        return lines.get(0).lineNo();
    }

    boolean isRejected() {
        return !problems.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    boolean isRefund() {
        return "REFUND".equals(lines.get(0).type());
    }

    String type() {
        return lines.get(0).type();
    }

    String institutionNo() {
        return lines.get(0).institutionNo();
    }

    String cardNumber() {
        return lines.get(0).cardNumber();
    }

    LocalDateTime soldAt() {
        return lines.get(0).soldAt();
    }

    List<SalesLine> lines() {
        return lines;
    }

    long amountOre() {
        long amount = 0;
        for (SalesLine line : lines) {
            amount = Math.addExact(amount, Math.multiplyExact(line.quantity(), line.unitPriceOre()));
        }
        return amount;
    }

    /** The items as stored on the sale row: code, name, quantity, unit price in øre; tab-separated, one per line. */
    String itemsRecord() {
        if (itemsRecord == null) {
            StringBuilder items = new StringBuilder(lines.size() * 32);
            for (SalesLine line : lines) {
                oneLine(items, line.itemCode()).append('\t');
                oneLine(items, line.itemName()).append('\t').append(line.quantity()).append('\t').append(line.unitPriceOre()).append('\n');
            }
            itemsRecord = items.toString();
        }
        return itemsRecord;
    }

    /** The text with tabs and line breaks as spaces (they separate the record's fields and items). */
    private static StringBuilder oneLine(StringBuilder to, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            to.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
        }
        return to;
    }
}
