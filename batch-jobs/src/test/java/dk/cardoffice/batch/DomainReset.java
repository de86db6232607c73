package dk.cardoffice.batch;

import org.springframework.jdbc.core.JdbcTemplate;

/** Empties every business table, for tests that need a database without members (corpus runs). */
public final class DomainReset {

    private DomainReset() {
    }

    public static void reset(JdbcTemplate jdbc) {
        for (String table : new String[] {"enrolment_line", "enrolment_outcome", "enrolment_hold", "enrolment", "member_guardian", "guardian", "card_order",
                "card_order_export", "card_block_period", "card", "daily_limit", "sale_flag", "sale_reject", "settlement_line", "settlement_batch", "deposit_unsettled", "deposit", "withdrawal", "payout_file", "bank_status_line", "movement", "sales_file", "mail_outbox", "file_registry"}) {
            jdbc.update("delete from " + table);
        }
        jdbc.update("delete from account_balance_shard where account_id in (select id from account where kind in ('MEMBER', 'SALES_PAYABLE'))");
        jdbc.update("delete from account where kind in ('MEMBER', 'SALES_PAYABLE')");
        jdbc.update("update account set balance = 0");
        jdbc.update("update account_balance_shard set balance = 0");
        jdbc.update("delete from member");
        jdbc.update("delete from institution");
    }
}
