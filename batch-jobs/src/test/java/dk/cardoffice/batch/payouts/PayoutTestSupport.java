package dk.cardoffice.batch.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dk.cardoffice.batch.JobTestSupport;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.portal.PortalPostingWriter;
import dk.cardoffice.ledger.portal.Withdrawals;

/** Members with money, withdrawals through the portal's code path, and the payout files read back. */
abstract class PayoutTestSupport extends JobTestSupport {

    static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    Accounts accounts;
    @Autowired
    Ledger ledger;
    @Autowired
    MovementWriter movements;
    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void emptyPayoutOutbox() throws IOException {
        try (Stream<Path> files = Files.list(home.outbox("payouts"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        // a test sees only its own withdrawals: what earlier tests left queued is cancelled (the money goes back)
        for (String requestId : jdbc.queryForList("select request_id from withdrawal where status = 'QUEUED'", String.class)) {
            cancel(requestId);
        }
    }

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    /** A member account holding this many øre (moved in from suspense, outside any feed). */
    long newAccount(long ore) {
        int n = next();
        String hmac = "payout-" + RUN + "-" + n;
        jdbc.update("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, '010115-xxxx', 'Payout', ?, 'ACTIVE')",
                hmac, "Holder" + n);
        long memberId = jdbc.queryForObject("select id from member where cpr_hmac = ?", Long.class, hmac);
        Accounts.MemberAccount account = accounts.openMemberAccount(memberId, "Payout Holder" + n);
        ledger.post(LedgerTransaction.transfer(TransactionType.SUSPENSE_TRANSFER, "payout-test-" + RUN + "-" + n, Instant.now(), "test money",
                accounts.systemAccountId(SystemAccount.SUSPENSE), account.id(), ore));
        return account.id();
    }

    String accountNo(long accountId) {
        return jdbc.queryForObject("select account_no from account where id = ?", String.class, accountId);
    }

    /** Reserves a withdrawal as the portal does; returns its request id. */
    String withdraw(long accountId, long ore, String recipient, String regNo, String bankAccountNo, String text) {
        String requestId = "W-" + RUN + "-" + next();
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> withdrawals().reserve(new Withdrawals.Withdrawal(requestId,
                accountNo(accountId), ore, recipient, regNo, bankAccountNo, text, "guardian" + next() + "@example.dk"), Instant.now()));
        return requestId;
    }

    void cancel(String requestId) {
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> withdrawals().cancel(requestId, Instant.now()));
    }

    private Withdrawals withdrawals() {
        return new Withdrawals(jdbc, ledger, accounts, new PortalPostingWriter(jdbc, accounts, movements, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4));
    }

    List<Path> payoutFiles() throws IOException {
        try (Stream<Path> files = Files.list(home.outbox("payouts"))) {
            return files.filter(f -> f.getFileName().toString().matches("payouts_\\d{14}\\.xml")).sorted().toList();
        }
    }

    List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(home.outbox("payouts"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Validates the file against the official pain.001.001.03 schema and parses it. */
    static Document validAndParsed(Path file) throws Exception {
        SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = schemas.newSchema(new StreamSource(PayoutTestSupport.class.getResourceAsStream("/iso20022/pain.001.001.03.xsd")));
        schema.newValidator().validate(new StreamSource(file.toFile()));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(Pain001Writer.NAMESPACE, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    static List<Element> transactions(Document document) {
        NodeList nodes = document.getElementsByTagNameNS(Pain001Writer.NAMESPACE, "CdtTrfTxInf");
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    List<String> endToEndIds(Path file) throws Exception {
        return transactions(validAndParsed(file)).stream().map(t -> text(t, "EndToEndId")).toList();
    }

    void assertEveryWithdrawalInExactlyOneFile(List<String> requestIds) throws Exception {
        List<String> sent = new ArrayList<>();
        for (Path file : payoutFiles()) {
            sent.addAll(endToEndIds(file));
        }
        assertThat(sent).doesNotHaveDuplicates().containsAll(requestIds);
    }
}
