package dk.cardoffice.batch.payouts;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a {@code pain.002.001.03} customer payment status report as {@link BankStatus}es, one at a time, in file
 * order: memory stays flat for a report on 100,000 withdrawals. DTDs and external entities are off (XXE): a
 * document that declares or references one is refused. What is wrong with the document ends the parse with a
 * {@link Pain002Exception} naming the line.
 */
public final class Pain002Parser implements Closeable {

    public static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

    private static final XMLInputFactory FACTORY = secureFactory();

    private final InputStream in;
    private final XMLStreamReader xml;
    private final Deque<String> path = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final List<BankStatus> ready = new ArrayList<>(2);
    private int seq;
    private boolean ended;

    private String reportMsgId;
    private String originalMsgId;
    private final Status group = new Status();
    private final Status payment = new Status();
    private boolean paymentEmitted;
    private String pmtInfId;
    private final Status tx = new Status();
    private String endToEndId;
    private int txLine;
    /** The decisive payment statuses seen (pmtInfId → status), swept at the end after the group's. */
    private final Map<String, Status> decisivePayments = new LinkedHashMap<>();

    /** A status and its first reason, as they are read. */
    private static final class Status {
        String code;
        String reasonCode;
        String reasonText;

        void clear() {
            code = null;
            reasonCode = null;
            reasonText = null;
        }

        Status copy() {
            Status s = new Status();
            s.code = code;
            s.reasonCode = reasonCode;
            s.reasonText = reasonText;
            return s;
        }
    }

    /** Thrown when the document is not a pain.002.001.03 report cardoffice can read. */
    public static class Pain002Exception extends RuntimeException {
        public Pain002Exception(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Pain002Parser(Path file) throws IOException {
        this.in = Files.newInputStream(file);
        try {
            this.xml = FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            in.close();
            throw new Pain002Exception("not an XML document: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }

    /** The next status, or null at the end of the report. */
    public BankStatus next() {
        try {
            while (ready.isEmpty() && !ended) {
                step();
            }
        } catch (XMLStreamException e) {
            throw new Pain002Exception("line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ": the XML is not well-formed: "
                    + e.getMessage().replaceAll("\\s+", " "), e);
        }
        return ready.isEmpty() ? null : ready.remove(0);
    }

    private void step() throws XMLStreamException {
        if (!xml.hasNext()) {
            end();
            return;
        }
        int event = xml.next();
        switch (event) {
            case XMLStreamConstants.DTD -> throw problem("the document has a DOCTYPE; DTDs and entities are not accepted in a status report");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw problem("the document references the entity &" + xml.getLocalName()
                    + "; entities are not accepted in a status report");
            case XMLStreamConstants.START_ELEMENT -> start();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
            case XMLStreamConstants.END_ELEMENT -> end(xml.getLocalName());
            case XMLStreamConstants.END_DOCUMENT -> end();
            default -> {
            }
        }
    }

    private void start() {
        String name = xml.getLocalName();
        if (path.isEmpty()) {
            if (!name.equals("Document") || !NAMESPACE.equals(xml.getNamespaceURI())) {
                throw problem("the document is <" + name + "> in namespace '" + xml.getNamespaceURI() + "', not a pain.002.001.03 Document ("
                        + NAMESPACE + ")");
            }
        } else if (path.size() == 1 && !name.equals("CstmrPmtStsRpt")) {
            throw problem("the Document holds <" + name + ">, not a CstmrPmtStsRpt (customer payment status report)");
        }
        path.push(name);
        text.setLength(0);
        if (name.equals("OrgnlPmtInfAndSts")) {
            payment.clear();
            pmtInfId = null;
            paymentEmitted = false;
        } else if (name.equals("TxInfAndSts")) {
            emitPayment();
            tx.clear();
            endToEndId = null;
            txLine = xml.getLocation().getLineNumber();
        }
    }

    private void end(String name) {
        String value = text.toString().strip();
        text.setLength(0);
        if (value.length() > 35 && (name.endsWith("Id") || name.equals("Cd") || name.endsWith("Sts"))) {
            // identifiers and codes are Max35Text in pain.002: a longer one is not something cardoffice ever sent
            throw problem("<" + name + "> is longer than the 35 characters pain.002 allows: '" + value.substring(0, 35) + "…'");
        }
        String parent = path.size() > 1 ? List.copyOf(path).get(1) : "";
        String within = within();
        switch (name) {
            case "MsgId" -> {
                if (parent.equals("GrpHdr")) {
                    reportMsgId = value;
                }
            }
            case "OrgnlMsgId" -> originalMsgId = value;
            case "GrpSts" -> group.code = value;
            case "OrgnlPmtInfId" -> pmtInfId = value;
            case "PmtInfSts" -> payment.code = value;
            case "OrgnlEndToEndId" -> endToEndId = value;
            case "TxSts" -> tx.code = value;
            case "Cd" -> {
                if (path.size() > 2 && List.copyOf(path).get(1).equals("Rsn") && List.copyOf(path).get(2).equals("StsRsnInf")) {
                    Status target = target(within);
                    if (target != null && target.reasonCode == null) {
                        target.reasonCode = value;
                    }
                }
            }
            case "AddtlInf" -> {
                Status target = parent.equals("StsRsnInf") ? target(within) : null;
                if (target != null && target.reasonText == null) {
                    target.reasonText = value;
                }
            }
            case "OrgnlGrpInfAndSts" -> {
                if (originalMsgId == null || originalMsgId.isEmpty()) {
                    throw problem("OrgnlGrpInfAndSts has no OrgnlMsgId: the report does not say which payout file it answers");
                }
                ready.add(item(BankStatus.Level.GROUP, null, null, group, group, xml.getLocation().getLineNumber()));
            }
            case "OrgnlPmtInfAndSts" -> {
                emitPayment();
                if (BankStatus.isDecisive(payment.code)) {
                    decisivePayments.put(pmtInfId, payment.copy());
                }
            }
            case "TxInfAndSts" -> {
                if (endToEndId == null || endToEndId.isEmpty()) {
                    throw problem("TxInfAndSts from line " + txLine + " has no OrgnlEndToEndId: cardoffice cannot tell which withdrawal it is about");
                }
                if (tx.code == null || !tx.code.matches("[A-Z]{4}")) {
                    throw problem("TxInfAndSts for " + endToEndId + " from line " + txLine + " has no TxSts of four letters");
                }
                Status effective = "RJCT".equals(group.code) ? group : "RJCT".equals(payment.code) ? payment : tx;
                ready.add(item(BankStatus.Level.TRANSACTION, pmtInfId, endToEndId, tx, effective, txLine));
            }
            default -> {
            }
        }
        path.pop();
    }

    /** The status a reason inside {@code within} belongs to. */
    private Status target(String within) {
        return switch (within) {
            case "TxInfAndSts" -> tx;
            case "OrgnlPmtInfAndSts" -> payment;
            case "OrgnlGrpInfAndSts" -> group;
            default -> null;
        };
    }

    /** The nearest enclosing status level of the element being ended. */
    private String within() {
        for (String element : path) {
            if (element.equals("TxInfAndSts") || element.equals("OrgnlPmtInfAndSts") || element.equals("OrgnlGrpInfAndSts")) {
                return element;
            }
        }
        return "";
    }

    private void emitPayment() {
        if (!paymentEmitted && path.contains("OrgnlPmtInfAndSts")) {
            paymentEmitted = true;
            if (payment.code != null) {
                ready.add(item(BankStatus.Level.PAYMENT, pmtInfId, null, payment, "RJCT".equals(group.code) ? group : payment,
                        xml.getLocation().getLineNumber()));
            }
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (originalMsgId == null) {
            throw problem("the report has no OrgnlGrpInfAndSts/OrgnlMsgId: it does not say which payout file it answers");
        }
        int line = xml.getLocation().getLineNumber();
        // the more specific first: a payment block's status before the group's, which then covers what is left
        for (Map.Entry<String, Status> p : decisivePayments.entrySet()) {
            if (!"RJCT".equals(group.code)) {
                ready.add(item(BankStatus.Level.SWEEP, p.getKey(), null, p.getValue(), p.getValue(), line));
            }
        }
        if (BankStatus.isDecisive(group.code)) {
            ready.add(item(BankStatus.Level.SWEEP, null, null, group, group, line));
        }
    }

    private BankStatus item(BankStatus.Level level, String pmtInf, String endToEnd, Status reported, Status effective, int line) {
        return new BankStatus(++seq, level, reportMsgId, originalMsgId, pmtInf, endToEnd, reported.code, reported.reasonCode, reported.reasonText,
                effective.code, effective.reasonCode, effective.reasonText, line);
    }

    private Pain002Exception problem(String message) {
        int line = xml.getLocation() == null ? -1 : xml.getLocation().getLineNumber();
        return new Pain002Exception("line " + line + ": " + message, null);
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the stream below is closed either way
        }
        in.close();
    }
}
