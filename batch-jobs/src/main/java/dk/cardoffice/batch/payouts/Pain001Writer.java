package dk.cardoffice.batch.payouts;

import java.io.OutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dk.cardoffice.ledger.Money;

/**
 * Streams one ISO 20022 {@code pain.001.001.03} customer credit transfer initiation (contract §6): the group header,
 * one payment-information block from the client-funds account, then one transaction per withdrawal as they are
 * handed in, so memory stays flat whatever the number of withdrawals. StAX, indented by hand (the JDK's writer does
 * not indent), so the same input always gives the same bytes.
 */
public final class Pain001Writer implements AutoCloseable {

    public static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
    /** RmtInf/Ustrd: what the recipient's statement shows (Danish banks show 20 characters). */
    static final int TEXT_LENGTH = 20;
    /** Cdtr/Nm: Max70Text. */
    static final int NAME_LENGTH = 70;

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter xml;
    private int depth;

    public Pain001Writer(OutputStream out) {
        try {
            this.xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document up to the first transaction: GrpHdr and the PmtInf's debtor side. */
    public void start(PayoutFile file) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        newLine();
        xml.writeStartElement("Document");
        xml.writeDefaultNamespace(NAMESPACE);
        depth++;
        open("CstmrCdtTrfInitn");
        open("GrpHdr");
        leaf("MsgId", file.msgId());
        leaf("CreDtTm", file.creDtTm());
        leaf("NbOfTxs", Integer.toString(file.txCount()));
        leaf("CtrlSum", Money.formatDkk(file.ctrlSumOre()));
        open("InitgPty");
        leaf("Nm", BankText.clean(file.initiatingPartyName(), NAME_LENGTH));
        if (file.initiatingPartyId() != null && !file.initiatingPartyId().isBlank()) {
            open("Id");
            open("OrgId");
            open("Othr");
            leaf("Id", file.initiatingPartyId().strip());
            end();
            end();
            end();
        }
        end(); // InitgPty
        end(); // GrpHdr
        open("PmtInf");
        leaf("PmtInfId", file.pmtInfId());
        leaf("PmtMtd", "TRF");
        leaf("NbOfTxs", Integer.toString(file.txCount()));
        leaf("CtrlSum", Money.formatDkk(file.ctrlSumOre()));
        leaf("ReqdExctnDt", file.executionDate().toString());
        open("Dbtr");
        leaf("Nm", BankText.clean(file.debtorName(), NAME_LENGTH));
        end();
        open("DbtrAcct");
        open("Id");
        leaf("IBAN", file.debtorIban().replace(" ", ""));
        end();
        leaf("Ccy", "DKK");
        end();
        open("DbtrAgt");
        open("FinInstnId");
        leaf("BIC", file.debtorBic().strip());
        end();
        end();
    }

    public void transaction(Transfer t) throws XMLStreamException {
        open("CdtTrfTxInf");
        open("PmtId");
        leaf("EndToEndId", t.endToEndId());
        end();
        open("Amt");
        newLine();
        xml.writeStartElement("InstdAmt");
        xml.writeAttribute("Ccy", "DKK");
        xml.writeCharacters(Money.formatDkk(t.amountOre()));
        xml.writeEndElement();
        end(); // Amt
        open("Cdtr");
        leaf("Nm", BankText.clean(t.creditorName(), NAME_LENGTH));
        end();
        open("CdtrAcct");
        open("Id");
        open("Othr");
        leaf("Id", t.bban());
        open("SchmeNm");
        leaf("Cd", "BBAN");
        end();
        end(); // Othr
        end(); // Id
        end(); // CdtrAcct
        String text = BankText.clean(t.text(), TEXT_LENGTH);
        if (!text.isEmpty()) {
            open("RmtInf");
            leaf("Ustrd", text);
            end();
        }
        end(); // CdtTrfTxInf
    }

    public void finish() throws XMLStreamException {
        while (depth > 0) {
            end();
        }
        xml.writeEndDocument();
        xml.writeCharacters("\n");
        xml.flush();
    }

    @Override
    public void close() throws XMLStreamException {
        xml.close(); // the caller closes the stream
    }

    private void open(String name) throws XMLStreamException {
        newLine();
        xml.writeStartElement(name);
        depth++;
    }

    private void end() throws XMLStreamException {
        depth--;
        newLine();
        xml.writeEndElement();
    }

    private void leaf(String name, String value) throws XMLStreamException {
        newLine();
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private void newLine() throws XMLStreamException {
        if (depth >= 0) {
            xml.writeCharacters("\n" + "  ".repeat(depth));
        }
    }
}
