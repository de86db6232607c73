package dk.cardoffice.batch.payouts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import javax.xml.stream.XMLStreamException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dk.cardoffice.batch.support.OutboxFiles;

/**
 * The payout files in the database and on disk. A file is made from its database rows only (its header row and its
 * withdrawals in id order), so making it again gives the same bytes; its SHA-256, recorded when it was claimed,
 * proves it.
 */
public class PayoutFiles {

    private static final String COLUMNS = """
            id, msg_id, file_name, cre_dt_tm, execution_date, tx_count, ctrl_sum_ore, sha256, debtor_name, debtor_iban, debtor_bic,
            initiating_party_name, initiating_party_id, status""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public PayoutFiles(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public PayoutFile find(long id) {
        return jdbc.queryForObject("select " + COLUMNS + " from payout_file where id = ?", PayoutFiles::row, id);
    }

    /** The files claimed whose publication has not been recorded, oldest first. */
    public List<PayoutFile> unpublished() {
        return jdbc.query("select " + COLUMNS + " from payout_file where status = 'CLAIMED' order by id", PayoutFiles::row);
    }

    /** Records, in its own transaction at once, that the file is in the outbox under its name. */
    public void markWritten(long id) {
        ownTransaction.executeWithoutResult(tx -> jdbc.update(
                "update payout_file set status = 'WRITTEN', written_at = current_timestamp where id = ? and status = 'CLAIMED'", id));
    }

    /**
     * Writes the file's tmp file beside {@code target} from the database, forced to disk; returns the SHA-256 of its bytes.
     * Streams: one withdrawal row at a time.
     */
    public String writeTmp(PayoutFile file, Path target) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(OutboxFiles.openTmp(target), 1 << 16), sha256);
             Pain001Writer xml = new Pain001Writer(out)) {
            xml.start(file);
            jdbc.query(con -> {
                var ps = con.prepareStatement("""
                        select request_id, amount_ore, recipient_name, reg_no, bank_account_no, text from withdrawal
                        where payout_file_id = ? order by id""");
                ps.setLong(1, file.id());
                ps.setFetchSize(1000); // PostgreSQL streams the rows (inside the step's transaction) instead of loading all
                return ps;
            }, rs -> {
                try {
                    xml.transaction(new Transfer(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("cannot write " + target, e);
                }
            });
            xml.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The SHA-256 of a file on disk, or null when it is not there. */
    static String sha256Of(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        return dk.cardoffice.batch.support.FileHashes.sha256(file);
    }

    private static PayoutFile row(ResultSet rs, int i) throws SQLException {
        return new PayoutFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, java.time.LocalDate.class),
                rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getString(14));
    }
}
