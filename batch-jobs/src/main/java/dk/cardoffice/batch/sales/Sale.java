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
    }

    String saleId() {
        return lines.get(0).saleId();
    }

    String terminalId() {
        return lines.get(0).terminalId();
    }

    /** The ledger's business key: a sale is posted once, ever (contract §4). */
    String businessKey() {
        return terminalId() + ":" + saleId();
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
        StringBuilder items = new StringBuilder();
        for (SalesLine line : lines) {
            items.append(oneLine(line.itemCode())).append('\t').append(oneLine(line.itemName())).append('\t')
                    .append(line.quantity()).append('\t').append(line.unitPriceOre()).append('\n');
        }
        return items.toString();
    }

    private static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
