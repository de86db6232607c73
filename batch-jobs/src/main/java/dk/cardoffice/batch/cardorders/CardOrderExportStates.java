package dk.cardoffice.batch.cardorders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An export's state (CLAIMED → WRITING → WRITTEN), each change committed in its own transaction at
 * once: the file system step that follows it must find the database already knowing.
 */
public class CardOrderExportStates {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public CardOrderExportStates(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void mark(long exportId, String status) {
        ownTransaction.executeWithoutResult(tx -> jdbc.update(
                "update card_order_export set status = ?, written_at = case when ? = 'WRITTEN' then current_timestamp else written_at end"
                        + " where id = ? and status <> 'WRITTEN'",
                status, status, exportId));
    }
}
