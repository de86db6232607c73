package dk.cardoffice.batch.payouts;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;

/**
 * Applies a chunk of a pain.002 report, in the chunk's transaction: each status moves its withdrawal once —
 * accepted (ACCP, ACSC, ACSP, ACTC) → CONFIRMED, the money from payout clearing to the client-funds bank account;
 * RJCT → REJECTED with the reason in Danish, the money back to the member's account and the guardian told by
 * e-mail; PDNG → still SENT. A status for a withdrawal that already has that outcome changes nothing (a report
 * imported twice); one that contradicts it (accepted after rejected, or the reverse) changes nothing and is reported
 * as CONFLICT for a person to settle with the bank. A status for a message or withdrawal cardoffice never sent is
 * reported (UNKNOWN_MESSAGE, UNKNOWN_TRANSACTION). Every status is recorded in bank_status_line with what was done.
 */
public class BankStatusWriter implements ItemWriter<BankStatus> {

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Accounts accounts;
    private final MailOutbox mail;
    private final Clock clock;
    private final String fileSha256;
    private final String fileName;
    private final Map<Long, String> accountNos = new HashMap<>();

    public BankStatusWriter(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, MailOutbox mail, Clock clock, String fileSha256, String fileName) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.accounts = accounts;
        this.mail = mail;
        this.clock = clock;
        this.fileSha256 = fileSha256;
        this.fileName = fileName;
    }

    /** A withdrawal as it stands, changed in memory as the chunk's statuses reach it. */
    private static final class Withdrawal {
        String requestId;
        long payoutFileId;
        String status;
        long accountId;
        long amountOre;
        String recipientName;
        String regNo;
        String bankAccountNo;
        String email;
    }

    private record Outcome(String outcome, String message) {
    }

    /** What the chunk changes, written together at its end. */
    private final class Changes {
        final Instant now = clock.instant();
        final List<LedgerTransaction> postings = new ArrayList<>();
        final List<Object[]> statusUpdates = new ArrayList<>();
        final Set<String> pendingHere = new HashSet<>();
        final List<MailOutbox.Message> mails = new ArrayList<>();
        final Map<String, Withdrawal> known;

        Changes(Map<String, Withdrawal> known) {
            this.known = known;
        }
    }

    @Override
    public void write(Chunk<? extends BankStatus> chunk) {
        Map<String, Long> files = payoutFiles(chunk.getItems());
        Map<String, Withdrawal> withdrawals = new HashMap<>(lockWithdrawals(chunk.getItems()));
        Changes changes = new Changes(withdrawals);
        List<Object[]> lines = new ArrayList<>(chunk.size());
        for (BankStatus s : chunk.getItems()) {
            Long fileId = files.get(s.originalMsgId());
            Outcome outcome;
            if (fileId == null) {
                outcome = new Outcome("UNKNOWN_MESSAGE", "cardoffice sent no payout file with MsgId " + s.originalMsgId() + "; nothing changed");
            } else {
                outcome = switch (s.level()) {
                    case GROUP, PAYMENT -> new Outcome("REPORTED", s.status() == null ? "no status at this level"
                            : "status " + s.status() + (BankStatus.isDecisive(s.status()) ? ", applied below to every withdrawal without a status of its own"
                                    : ""));
                    case TRANSACTION -> transaction(s, fileId, withdrawals.get(s.endToEndId()), changes);
                    case SWEEP -> sweep(s, fileId, changes);
                };
            }
            lines.add(new Object[] {fileSha256, fileName, s.seq(), s.reportMsgId(), s.originalMsgId(), s.pmtInfId(), s.endToEndId(), s.level().name(),
                    s.status() == null ? "" : s.status(), s.reasonCode(), outcome.outcome(), cut(outcome.message(), 500)});
        }
        ledger.postAll(changes.postings);
        // one statement per outcome (CONFIRMED; REJECTED per reason), not one per withdrawal: a report answers thousands at once
        Map<List<Object>, List<String>> byOutcome = new LinkedHashMap<>();
        for (Object[] u : changes.statusUpdates) {
            byOutcome.computeIfAbsent(java.util.Arrays.asList(u[0], u[1], u[2]), k -> new ArrayList<>()).add((String) u[3]);
        }
        for (Map.Entry<List<Object>, List<String>> outcome : byOutcome.entrySet()) {
            jdbc.update("""
                    update withdrawal set status = ?, status_reason_code = ?, status_reason = ?, updated_at = current_timestamp
                    where request_id = any(?) and status = 'SENT'""", outcome.getKey().get(0), outcome.getKey().get(1), outcome.getKey().get(2),
                    SqlArrays.varchars(outcome.getValue()));
        }
        mail.queueAll(changes.mails);
        jdbc.batchUpdate("""
                insert into bank_status_line (file_sha256, file_name, seq, report_msg_id, original_msg_id, original_pmt_inf_id, end_to_end_id, level,
                                              status, reason_code, outcome, message)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", lines);
    }

    private Outcome transaction(BankStatus s, long fileId, Withdrawal w, Changes changes) {
        if (w == null || w.payoutFileId != fileId) {
            return new Outcome("UNKNOWN_TRANSACTION", "payout file " + s.originalMsgId() + " holds no withdrawal " + s.endToEndId() + "; nothing changed");
        }
        if ("PDNG".equals(s.effectiveStatus())) {
            changes.pendingHere.add(w.requestId);
        }
        return apply(w, s.effectiveStatus(), s.effectiveReasonCode(), s.effectiveReasonText(), changes);
    }

    /** A decisive group or payment status for every withdrawal of the file that is still SENT and was not reported pending. */
    private Outcome sweep(BankStatus s, long fileId, Changes changes) {
        Set<String> pending = new HashSet<>(changes.pendingHere);
        pending.addAll(jdbc.queryForList("""
                select end_to_end_id from bank_status_line
                where file_sha256 = ? and level = 'TRANSACTION' and status = 'PDNG' and outcome = 'PENDING'""", String.class, fileSha256));
        Map<String, Outcome> counts = new LinkedHashMap<>();
        int n = 0;
        for (Withdrawal loaded : withdrawals("w.payout_file_id = ? and w.status = 'SENT'", fileId).values()) {
            // one this chunk has moved already is still SENT in the table until the chunk's end: its state here is the truth
            Withdrawal w = changes.known.computeIfAbsent(loaded.requestId, id -> loaded);
            if (pending.contains(w.requestId) || !w.status.equals("SENT")) {
                continue;
            }
            Outcome o = apply(w, s.effectiveStatus(), s.effectiveReasonCode(), s.effectiveReasonText(), changes);
            counts.merge(o.outcome(), o, (a, b) -> a);
            n++;
        }
        return new Outcome(n == 0 ? "UNCHANGED" : String.join(",", counts.keySet()), (s.pmtInfId() == null ? "group" : "payment " + s.pmtInfId())
                + " status " + s.effectiveStatus() + " applied to " + n + " withdrawal(s) without a status of their own");
    }

    private Outcome apply(Withdrawal w, String status, String reasonCode, String reasonText, Changes changes) {
        boolean accepted = BankStatus.isAccepted(status);
        boolean rejected = "RJCT".equals(status);
        switch (w.status) {
            case "SENT" -> {
                if (accepted) {
                    changes.postings.add(LedgerTransaction.transfer(TransactionType.PAYOUT, w.requestId, changes.now, "Udbetalt af banken",
                            accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING), accounts.systemAccountId(SystemAccount.CLIENT_FUNDS_BANK),
                            w.amountOre));
                    changes.statusUpdates.add(new Object[] {"CONFIRMED", null, null, w.requestId});
                    w.status = "CONFIRMED";
                    return new Outcome("CONFIRMED", "status " + status);
                }
                if (rejected) {
                    String reason = BankStatusReasons.danish(reasonCode, reasonText);
                    changes.postings.add(LedgerTransaction.transfer(TransactionType.WITHDRAWAL_REVERSAL, w.requestId, changes.now,
                            cut("Udbetaling afvist af banken: " + reason, 500), accounts.systemAccountId(SystemAccount.PAYOUT_CLEARING), w.accountId,
                            w.amountOre));
                    changes.statusUpdates.add(new Object[] {"REJECTED", reasonCode, reason, w.requestId});
                    w.status = "REJECTED";
                    boolean told = tellGuardian(w, reasonCode, reason, changes);
                    return new Outcome("REJECTED", "RJCT " + (reasonCode == null ? "" : reasonCode + " ") + reason + "; the money is back on account "
                            + accountNo(w.accountId) + (told ? "; the guardian is e-mailed" : "; no e-mail address to tell the guardian"));
                }
                return new Outcome("PENDING", "status " + status + ": the withdrawal stays SENT until the bank decides");
            }
            case "CONFIRMED", "REJECTED" -> {
                boolean same = (accepted && w.status.equals("CONFIRMED")) || (rejected && w.status.equals("REJECTED")) || !(accepted || rejected);
                return same ? new Outcome("UNCHANGED", "the withdrawal is " + w.status + " already")
                        : new Outcome("CONFLICT", "status " + status + " for a withdrawal that is " + w.status + " already: nothing changed;"
                                + " settle it with the bank by hand");
            }
            default -> {
                return new Outcome("UNKNOWN_TRANSACTION", "withdrawal " + w.requestId + " is " + w.status + ", not sent; nothing changed");
            }
        }
    }

    private boolean tellGuardian(Withdrawal w, String reasonCode, String reason, Changes changes) {
        if (w.email == null || w.email.isBlank()) {
            return false;
        }
        String body = "Kære forælder\n\n"
                + "Banken har afvist udbetalingen af " + danishAmount(w.amountOre) + " fra kortkonto " + accountNo(w.accountId) + " til " + w.recipientName
                + " (reg.nr. " + w.regNo + ", kontonr. " + w.bankAccountNo + ").\n"
                + "Årsag: " + reason + (reasonCode == null ? "" : " (bankens kode " + reasonCode + ")") + ".\n\n"
                + "Beløbet er sat tilbage på kortkontoen. Kontrollér kontooplysningerne, og bestil udbetalingen igen i portalen.\n\n"
                + "Reference: " + w.requestId + "\n\n"
                + "Med venlig hilsen\nBetalingskort\n";
        changes.mails.add(new MailOutbox.Message(0, "payout-rejected:" + w.requestId, w.email, "Udbetaling afvist af banken", body));
        return true;
    }

    /** kr. 1.234,50 */
    static String danishAmount(long ore) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag("da-DK"));
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return "kr. " + format.format(BigDecimal.valueOf(ore, 2));
    }

    private Map<String, Long> payoutFiles(List<? extends BankStatus> items) {
        Set<String> msgIds = new HashSet<>();
        for (BankStatus s : items) {
            msgIds.add(s.originalMsgId());
        }
        Map<String, Long> files = new HashMap<>();
        jdbc.query("select msg_id, id from payout_file where msg_id = any(?)", rs -> {
            files.put(rs.getString(1), rs.getLong(2));
        }, SqlArrays.varchars(msgIds));
        return files;
    }

    /** The chunk's withdrawals, locked (in id order) so a concurrent import or cancel queues behind this chunk. */
    private Map<String, Withdrawal> lockWithdrawals(List<? extends BankStatus> items) {
        Set<String> ids = new HashSet<>();
        for (BankStatus s : items) {
            if (s.endToEndId() != null) {
                ids.add(s.endToEndId());
            }
        }
        return ids.isEmpty() ? Map.of() : withdrawals("w.request_id = any(?)", SqlArrays.varchars(ids));
    }

    /** Withdrawal rows only are locked, never account rows: those the ledger locks itself, in its own order. */
    private Map<String, Withdrawal> withdrawals(String where, Object parameter) {
        Map<String, Withdrawal> found = new LinkedHashMap<>();
        jdbc.query("select request_id, payout_file_id, status, account_id, amount_ore, recipient_name, reg_no, bank_account_no, email"
                + " from withdrawal w where " + where + " order by id for update", rs -> {
            Withdrawal w = new Withdrawal();
            w.requestId = rs.getString(1);
            w.payoutFileId = rs.getLong(2);
            w.status = rs.getString(3);
            w.accountId = rs.getLong(4);
            w.amountOre = rs.getLong(5);
            w.recipientName = rs.getString(6);
            w.regNo = rs.getString(7);
            w.bankAccountNo = rs.getString(8);
            w.email = rs.getString(9);
            found.put(w.requestId, w);
        }, parameter);
        return found;
    }

    /** Account numbers never change: looked up once per account, for the messages and e-mails of rejections. */
    private String accountNo(long accountId) {
        return accountNos.computeIfAbsent(accountId, id -> jdbc.queryForObject("select account_no from account where id = ?", String.class, id));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
