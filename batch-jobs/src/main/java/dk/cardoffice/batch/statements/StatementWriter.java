package dk.cardoffice.batch.statements;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.mail.MailOutbox;
import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.portal.Statements;

/**
 * For a chunk of accounts with movements that day, in the chunk's transaction: each guardian of the account with an
 * e-mail address gets the day's statement (unless they switched statements off), and a low-balance notice when the
 * account ended the day below their threshold and they were not told already (the notice row goes when the account
 * ends a day at or above it again). Every message is queued in the mail outbox under a key made of the day, account
 * and guardian: a restarted or repeated run queues nothing twice. Guardians without an address get nothing and are
 * listed by the operations API ({@link GuardiansWithoutEmail}).
 */
public class StatementWriter implements ItemWriter<Long> {

    private final JdbcTemplate jdbc;
    private final Statements statements;
    private final StatementMail mail;
    private final MailOutbox outbox;
    private final LocalDate day;

    public StatementWriter(JdbcTemplate jdbc, Statements statements, StatementMail mail, MailOutbox outbox, LocalDate day) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.mail = mail;
        this.outbox = outbox;
        this.day = day;
    }

    private record Account(long id, String accountNo, String holder) {
    }

    private record Guardian(long id, String name, String email, boolean dailyStatements, long thresholdOre) {
    }

    @Override
    public void write(Chunk<? extends Long> chunk) {
        List<Long> ids = new ArrayList<>(chunk.getItems());
        Map<Long, Account> accounts = new LinkedHashMap<>();
        jdbc.query("""
                select a.id, a.account_no, m.first_name || ' ' || m.last_name from account a join member m on m.id = a.member_id
                where a.id = any(?) order by a.id""", rs -> {
            accounts.put(rs.getLong(1), new Account(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }, SqlArrays.bigints(ids));
        Map<Long, List<Guardian>> guardians = new HashMap<>();
        jdbc.query("""
                select distinct a.id, g.id, g.name, coalesce(g.portal_email, g.email), g.daily_statements, g.low_balance_threshold_ore
                from account a join member_guardian mg on mg.member_id = a.member_id join guardian g on g.id = mg.guardian_id
                where a.id = any(?) order by a.id, g.id""", rs -> {
            guardians.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new Guardian(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getLong(6)));
        }, SqlArrays.bigints(ids));
        Set<String> told = new HashSet<>(jdbc.queryForList("select guardian_id || ':' || account_id from low_balance_notice where account_id = any(?)",
                String.class, SqlArrays.bigints(ids)));

        Map<Long, String> accountNos = new LinkedHashMap<>();
        accounts.values().stream().filter(a -> guardians.containsKey(a.id())).forEach(a -> accountNos.put(a.id(), a.accountNo()));
        Map<Long, Statements.Statement> made = accountNos.isEmpty() ? Map.of() : statements.ofAll(accountNos, day, day);
        List<MailOutbox.Message> messages = new ArrayList<>();
        for (Account account : accounts.values()) {
            List<Guardian> theirs = guardians.getOrDefault(account.id(), List.of());
            if (theirs.isEmpty()) {
                continue;
            }
            Statements.Statement statement = made.get(account.id());
            long closing = Money.parseDkk(statement.closingBalance());
            for (Guardian g : theirs) {
                if (g.email() == null || g.email().isBlank()) {
                    continue; // listed by the operations API (StatementsJobConfig.guardiansWithoutEmail)
                }
                if (g.dailyStatements()) {
                    StatementMail.Rendered rendered = mail.statement(g.name(), account.holder(), day, statement);
                    messages.add(new MailOutbox.Message(0, "statement:" + day + ":" + account.accountNo() + ":" + g.id(), g.email(), rendered.subject(),
                            rendered.text(), rendered.html()));
                }
                boolean below = closing < g.thresholdOre();
                boolean alreadyTold = told.contains(g.id() + ":" + account.id());
                if (below && !alreadyTold) {
                    jdbc.update("insert into low_balance_notice (guardian_id, account_id, below_since) values (?, ?, ?) on conflict do nothing",
                            g.id(), account.id(), day);
                    StatementMail.Rendered notice = mail.lowBalance(g.name(), account.holder(), account.accountNo(), closing, g.thresholdOre());
                    messages.add(new MailOutbox.Message(0, "low-balance:" + account.accountNo() + ":" + g.id() + ":" + day, g.email(), notice.subject(),
                            notice.text(), null));
                } else if (!below && alreadyTold) {
                    jdbc.update("delete from low_balance_notice where guardian_id = ? and account_id = ?", g.id(), account.id());
                }
            }
        }
        queueNew(messages);
    }

    /** Queues the messages whose key is new; returns how many. */
    private int queueNew(List<MailOutbox.Message> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        Set<String> existing = new HashSet<>(jdbc.queryForList("select message_key from mail_outbox where message_key = any(?)", String.class,
                SqlArrays.varchars(messages.stream().map(MailOutbox.Message::key).toList())));
        List<MailOutbox.Message> fresh = messages.stream().filter(m -> !existing.contains(m.key())).toList();
        outbox.queueAll(fresh);
        return fresh.size();
    }
}
