package dk.cardoffice.app.process;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The independent model of what the service must end up with: which files were dropped, how many
 * lines each receipt must have, and every account's balance computed from the sales the test itself
 * generated (a sale is posted even when it overdraws, flagged OVERDRAWN).
 */
final class World {

    record Dropped(String feed, String name, int records) {
    }

    private final Random random;
    private final List<Dropped> dropped = new ArrayList<>();
    private final Map<String, String> accountByCard = new LinkedHashMap<>();
    private final Map<String, Long> expectedBalance = new LinkedHashMap<>();
    private final List<String> enrolmentsNotRead = new ArrayList<>();
    private int pupils;
    private int cpr = 1000;
    private int saleId;
    private int institution = 310_000;
    private int stamp;

    World(Random random) {
        this.random = random;
    }

    List<Dropped> dropped() {
        return dropped;
    }

    int pupils() {
        return pupils;
    }

    Map<String, Long> expectedBalances() {
        return expectedBalance;
    }

    boolean hasCards() {
        return !accountByCard.isEmpty();
    }

    /** A new school's full roster of {@code count} pupils. */
    Dropped enrolment(ServiceProcess service, int count) {
        String institutionNo = Integer.toString(++institution);
        String name = "enrolment_" + institutionNo + "_20261201" + String.format("%06d", ++stamp) + ".csv";
        StringBuilder file = new StringBuilder("institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;class;start_date;"
                + "end_date;guardian1_cpr;guardian1_name;guardian1_email\n");
        for (int i = 0; i < count; i++) {
            int n = ++cpr;
            file.append(institutionNo).append(";Skole ").append(institutionNo).append(";SCHOOL;P").append(n).append(';')
                    .append(String.format("%02d0615-%04d", 1 + n % 28, n)).append(";Elev;Nummer").append(n).append(";5.B;2024-08-12;;")
                    .append(String.format("%02d0380-%04d", 1 + n % 28, n)).append(";Forælder ").append(n).append(";f").append(n)
                    .append("@example.dk\n");
        }
        pupils += count;
        enrolmentsNotRead.add(name);
        return drop(service, new Dropped("enrolment", name, count), file.toString());
    }

    /** A top-up of {@code amount} DKK to every account through the portal; returns the accounts. */
    List<String> topUpEach(ServiceProcess service, String amount) {
        List<String> accounts = List.copyOf(expectedBalances().keySet());
        for (String accountNo : accounts) {
            String orderId = "ORDER-" + amount + "-" + accountNo;
            org.assertj.core.api.Assertions.assertThat(service.post("/api/v1/deposits", "{\"orderId\":\"" + orderId + "\",\"accountNo\":\"" + accountNo
                    + "\",\"amount\":\"" + amount + "\",\"acquirer\":\"NETS\",\"transactionId\":\"T-" + orderId
                    + "\",\"capturedAt\":\"2026-12-05T10:00:00Z\"}").statusCode()).isEqualTo(201);
        }
        return accounts;
    }

    /** Reads the cards of every enrolment whose receipt is there (the service assigned them). */
    void learnCards(ServiceProcess service) {
        for (String name : List.copyOf(enrolmentsNotRead)) {
            Path receipt = receipt(service, "enrolment", name);
            if (Files.exists(receipt)) {
                for (CSVRecord row : rows(receipt)) {
                    if (row.get("status").equals("CREATED")) {
                        expectedBalance.putIfAbsent(row.get("account_no"), 0L);
                    }
                    if (row.get("status").equals("CREATED") && name.contains("_310001_")) { // sales are made at the first school
                        accountByCard.put(row.get("card_number"), row.get("account_no"));
                        expectedBalance.putIfAbsent(row.get("account_no"), 0L);
                    }
                }
                enrolmentsNotRead.remove(name);
            }
        }
    }

    /** A terminal file of {@code sales} sales (one to three lines each) on known cards, at the first school. */
    Dropped sales(ServiceProcess service, int sales) {
        List<String> cards = new ArrayList<>(accountByCard.keySet());
        String institutionNo = "310001";
        String name = "sales_T1_20261202" + String.format("%06d", ++stamp) + ".csv";
        StringBuilder file = new StringBuilder("terminal_id;institution_no;sale_id;sold_at;card_number;type;item_code;item_name;quantity;unit_price\n");
        int lines = 0;
        long total = 0;
        for (int s = 0; s < sales; s++) {
            String card = cards.get(random.nextInt(cards.size()));
            String id = "S" + (++saleId);
            int items = 1 + random.nextInt(3);
            long amount = 0;
            for (int i = 0; i < items; i++) {
                int quantity = 1 + random.nextInt(2);
                long price = 100L * (1 + random.nextInt(20)) + 50L * random.nextInt(2);
                file.append("T1;").append(institutionNo).append(';').append(id).append(";2026-12-02T11:").append(String.format("%02d", s % 60))
                        .append(":00;").append(card).append(";SALE;V").append(i).append(";Vare ").append(i).append(';').append(quantity).append(';')
                        .append(price / 100).append('.').append(String.format("%02d", price % 100)).append('\n');
                amount += quantity * price;
                lines++;
            }
            total += amount;
            expectedBalance.merge(accountByCard.get(card), -amount, Long::sum);
        }
        file.append("#TRAILER;").append(lines).append(';').append(total / 100).append('.').append(String.format("%02d", total % 100)).append('\n');
        return drop(service, new Dropped("sales", name, sales), file.toString());
    }

    private Dropped drop(ServiceProcess service, Dropped file, String content) {
        dropped.add(file);
        service.drop(file.feed(), file.name(), content);
        return file;
    }

    static Path receipt(ServiceProcess service, String feed, String name) {
        String folder = feed.equals("enrolment") ? "enrolment-receipts" : "sales-receipts";
        return service.home().resolve("outbox").resolve(folder).resolve(name.replace(".csv", ".receipt.csv"));
    }

    static boolean receiptWritten(ServiceProcess service, Dropped file) {
        return Files.exists(receipt(service, file.feed(), file.name()));
    }

    static List<CSVRecord> rows(Path csv) {
        try {
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            return CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                    .getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
