package dk.cardoffice.batch.statements;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The member accounts with movements booked on a Copenhagen day, in id order, a page at a time (each account probed
 * through the member index (account, booked time): no scan of the day's movements). A restart goes on after the
 * last account of the last committed chunk.
 */
public class AccountsWithMovementsReader implements ItemStreamReader<Long> {

    private static final String LAST = "statements.lastAccountId";
    private static final int PAGE = 500;
    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

    private final JdbcTemplate jdbc;
    private final Timestamp from;
    private final Timestamp to;
    private final Deque<Long> page = new ArrayDeque<>();
    private long last;
    private boolean exhausted;

    public AccountsWithMovementsReader(JdbcTemplate jdbc, LocalDate day) {
        this.jdbc = jdbc;
        this.from = Timestamp.from(day.atStartOfDay(COPENHAGEN).toInstant());
        this.to = Timestamp.from(day.plusDays(1).atStartOfDay(COPENHAGEN).toInstant());
    }

    @Override
    public void open(ExecutionContext context) {
        last = context.getLong(LAST, 0);
    }

    @Override
    public Long read() {
        if (page.isEmpty() && !exhausted) {
            page.addAll(jdbc.queryForList("""
                    select a.id from account a
                    where a.kind = 'MEMBER' and a.id > ?
                      and exists (select 1 from movement m where m.member_account_id = a.id and m.booked_at >= ? and m.booked_at < ?)
                    order by a.id limit ?""", Long.class, last, from, to, PAGE));
            exhausted = page.size() < PAGE;
        }
        Long next = page.poll();
        if (next != null) {
            last = next;
        }
        return next;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(LAST, last);
    }
}
