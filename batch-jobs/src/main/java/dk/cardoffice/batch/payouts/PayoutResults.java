package dk.cardoffice.batch.payouts;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Money;

/** The payout files, their withdrawals and the bank's answers, for operators and finance (operations API). Amounts in DKK. */
public class PayoutResults {

    /** A pain.001 file with how many of its withdrawals the bank confirmed, rejected or has not answered yet. */
    public record PayoutFileView(String msgId, String fileName, LocalDate executionDate, String createdAt, int count, String sum, String status,
            int sent, int confirmed, int rejected) {
    }

    /** A withdrawal and where it stands. */
    public record WithdrawalView(String requestId, String accountNo, String amount, String recipientName, String regNo, String bankAccountNo,
            String text, String status, String reasonCode, String reason, String msgId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** A status from the bank that cardoffice could not apply as it stands: for a person to look at. */
    public record StatusException(String fileName, int seq, String level, String originalMsgId, String endToEndId, String status, String reasonCode,
            String outcome, String message, OffsetDateTime importedAt) {
    }

    private static final String WITHDRAWAL = """
            select w.request_id, a.account_no, w.amount_ore, w.recipient_name, w.reg_no, w.bank_account_no, w.text, w.status, w.status_reason_code,
                   w.status_reason, f.msg_id, w.created_at, w.updated_at
            from withdrawal w join account a on a.id = w.account_id left join payout_file f on f.id = w.payout_file_id""";

    private final JdbcTemplate jdbc;

    public PayoutResults(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<PayoutFileView> files(int limit) {
        return jdbc.query("""
                select f.msg_id, f.file_name, f.execution_date, f.cre_dt_tm, f.tx_count, f.ctrl_sum_ore, f.status,
                       (select count(*) from withdrawal w where w.payout_file_id = f.id and w.status = 'SENT'),
                       (select count(*) from withdrawal w where w.payout_file_id = f.id and w.status = 'CONFIRMED'),
                       (select count(*) from withdrawal w where w.payout_file_id = f.id and w.status = 'REJECTED')
                from payout_file f order by f.id desc limit ?""",
                (rs, i) -> new PayoutFileView(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4), rs.getInt(5),
                        Money.formatDkk(rs.getLong(6)), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getInt(10)), limit);
    }

    /** The withdrawals of one payout file, in file order; empty when there is no such file. */
    public List<WithdrawalView> withdrawalsOf(String msgId, int limit) {
        return jdbc.query(WITHDRAWAL + " where f.msg_id = ? order by w.id limit ?", PayoutResults::withdrawal, msgId, limit);
    }

    /** Withdrawals waiting for the next payout run, oldest first. */
    public List<WithdrawalView> queued(int limit) {
        return jdbc.query(WITHDRAWAL + " where w.status = 'QUEUED' order by w.id limit ?", PayoutResults::withdrawal, limit);
    }

    /** Statuses the bank sent that changed nothing because they did not fit: unknown message or withdrawal, or a contradiction. */
    public List<StatusException> statusExceptions(int limit) {
        return jdbc.query("""
                select file_name, seq, level, original_msg_id, end_to_end_id, status, reason_code, outcome, message, created_at from bank_status_line
                where outcome in ('UNKNOWN_MESSAGE', 'UNKNOWN_TRANSACTION', 'CONFLICT') order by id desc limit ?""",
                (rs, i) -> new StatusException(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class)), limit);
    }

    private static WithdrawalView withdrawal(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new WithdrawalView(rs.getString(1), rs.getString(2), Money.formatDkk(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class),
                rs.getObject(13, OffsetDateTime.class));
    }
}
