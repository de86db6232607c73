package dk.cardoffice.batch.enrolment;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.SqlArrays;
import dk.cardoffice.ledger.card.Cards;

/**
 * Applies a chunk of valid staged lines (contract §2) with a fixed number of set-based statements
 * per chunk, whatever its size: the current state of every person in the chunk is read with a
 * handful of {@code = any(?)} queries, the differences are worked out here, and written back in JDBC
 * batches. Each line's outcome (CREATED / UPDATED / UNCHANGED, or REJECTED for a pupil who has
 * already left and was never known) is stored on the staged line in the same transaction.
 */
public class EnrolmentApplier implements ItemWriter<StagedLine> {

    private record Known(long memberId, String firstName, String lastName, String status, long accountId, String accountNo) {
    }

    private record Enrolled(long id, String pupilId, String className, LocalDate startDate, LocalDate endDate) {
    }

    private record Outcome(String status, String message, Long memberId, String accountNo, String cardNumber) {
    }

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final Cards cards;
    private final Clock clock;
    private final String sha256;
    private final String institutionNo;
    private final String institutionName;

    public EnrolmentApplier(JdbcTemplate jdbc, Accounts accounts, Cards cards, Clock clock, String sha256, String institutionNo,
            String institutionName) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.cards = cards;
        this.clock = clock;
        this.sha256 = sha256;
        this.institutionNo = institutionNo;
        this.institutionName = institutionName;
    }

    @Override
    public void write(Chunk<? extends StagedLine> chunk) {
        // imports of two institutions may share members: this chunk reads them only after the other import's chunk committed
        jdbc.queryForObject("select name from job_lock where name = 'enrolment-import' for update", String.class);
        LocalDate today = LocalDate.now(clock);
        List<? extends StagedLine> lines = chunk.getItems();
        Map<String, Known> known = loadKnown(lines);
        List<Long> accountIds = known.values().stream().map(Known::accountId).toList();
        List<Long> memberIds = known.values().stream().map(Known::memberId).toList();
        Map<Long, String> currentCards = loadCurrentCards(accountIds);
        Map<Long, Enrolled> enrolledHere = loadEnrolledHere(memberIds);
        Map<Long, Set<StagedLine.Guardian>> guardians = loadGuardians(memberIds);

        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        List<StagedLine> creations = new ArrayList<>();
        List<Object[]> nameUpdates = new ArrayList<>();
        List<Long> reactivations = new ArrayList<>();
        List<Object[]> enrolmentInserts = new ArrayList<>();
        List<Object[]> enrolmentUpdates = new ArrayList<>();
        Map<Long, StagedLine> guardianChanges = new HashMap<>();

        for (StagedLine line : lines) {
            boolean left = line.endDate() != null && line.endDate().isBefore(today);
            Known person = known.get(line.cprHmac());
            if (person == null) {
                if (left) {
                    outcomes.put(line.lineNo(), new Outcome("REJECTED", "end_date " + line.endDate()
                            + " has passed and the pupil is not known to cardoffice: nothing was created", null, null, null));
                } else {
                    creations.add(line);
                }
                continue;
            }
            List<String> changes = new ArrayList<>();
            if (!line.firstName().equals(person.firstName()) || !line.lastName().equals(person.lastName())) {
                nameUpdates.add(new Object[] {line.firstName(), line.lastName(), person.memberId()});
                changes.add("name changed");
            }
            Enrolled here = enrolledHere.get(person.memberId());
            if (here == null && !left) {
                enrolmentInserts.add(enrolmentRow(person.memberId(), line));
                changes.add("enrolled at " + institutionName + " (account and card kept)");
                if (person.status().equals("INACTIVE")) {
                    reactivations.add(person.memberId());
                    changes.add("active again");
                }
            } else if (here != null && (!Objects.equals(here.pupilId(), line.pupilId()) || !Objects.equals(here.className(), line.className())
                    || !Objects.equals(here.startDate(), line.startDate()) || !Objects.equals(here.endDate(), line.endDate()))) {
                enrolmentUpdates.add(new Object[] {line.pupilId(), line.className(), Date.valueOf(line.startDate()), sqlDate(line.endDate()), here.id()});
                if (!Objects.equals(here.className(), line.className())) {
                    changes.add("class " + Objects.requireNonNullElse(here.className(), "-") + " → " + Objects.requireNonNullElse(line.className(), "-"));
                }
                if (!Objects.equals(here.pupilId(), line.pupilId()) || !Objects.equals(here.startDate(), line.startDate())
                        || !Objects.equals(here.endDate(), line.endDate())) {
                    changes.add("pupil id or dates changed");
                }
            }
            if (!guardiansOf(line).equals(guardians.getOrDefault(person.memberId(), Set.of()))) {
                guardianChanges.put(person.memberId(), line);
                changes.add("guardians changed");
            }
            if (left) {
                changes.add("end_date " + line.endDate() + " has passed: the enrolment ends");
            }
            String cardNumber = currentCards.get(person.accountId());
            outcomes.put(line.lineNo(), new Outcome(changes.isEmpty() || (changes.size() == 1 && left) ? "UNCHANGED" : "UPDATED",
                    String.join("; ", changes), person.memberId(), person.accountNo(), cardNumber));
        }

        createMembers(creations, outcomes, enrolmentInserts, guardianChanges);
        // member (and so account) order: sales-posting locks member accounts in id order too, so the two cannot deadlock
        nameUpdates.sort(java.util.Comparator.comparingLong(row -> ((Number) row[2]).longValue()));
        jdbc.batchUpdate("update member set first_name = ?, last_name = ?, updated_at = current_timestamp where id = ?", nameUpdates);
        jdbc.batchUpdate("update account set name = ? || ' ' || ? where member_id = ?", nameUpdates);
        reactivate(reactivations);
        jdbc.batchUpdate("""
                insert into enrolment (institution_no, member_id, pupil_id, class_name, start_date, end_date, active_flag)
                values (?, ?, ?, ?, ?, ?, true)""", enrolmentInserts);
        jdbc.batchUpdate("""
                update enrolment set pupil_id = ?, class_name = ?, start_date = ?, end_date = ?, updated_at = current_timestamp
                where id = ?""", enrolmentUpdates);
        replaceGuardians(guardianChanges);
        recordOutcomes(outcomes);
    }

    private void createMembers(List<StagedLine> creations, Map<Integer, Outcome> outcomes, List<Object[]> enrolmentInserts,
            Map<Long, StagedLine> guardianChanges) {
        if (creations.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into member (cpr_hmac, cpr_masked, first_name, last_name, status) values (?, ?, ?, ?, 'ACTIVE')",
                creations.stream().map(l -> new Object[] {l.cprHmac(), l.cprMasked(), l.firstName(), l.lastName()}).toList());
        Map<String, Long> memberIds = new HashMap<>();
        jdbc.query("select cpr_hmac, id from member where cpr_hmac = any(?)", rs -> {
            memberIds.put(rs.getString(1), rs.getLong(2));
        }, SqlArrays.varchars(creations.stream().map(StagedLine::cprHmac).toList()));
        Map<Long, Accounts.MemberAccount> opened = accounts.openMemberAccounts(creations.stream()
                .map(l -> new Accounts.Opening(memberIds.get(l.cprHmac()), l.fullName())).toList());
        Cards.Delivery toInstitution = new Cards.Delivery(institutionName, null, null, null);
        Map<Long, Cards.IssuedCard> issued = cards.issueAndOrder(creations.stream()
                .map(l -> new Cards.Request(opened.get(memberIds.get(l.cprHmac())).id(), l.fullName(), Cards.OrderReason.FIRST, 0,
                        toInstitution))
                .toList());
        for (StagedLine line : creations) {
            long memberId = memberIds.get(line.cprHmac());
            Accounts.MemberAccount account = opened.get(memberId);
            enrolmentInserts.add(enrolmentRow(memberId, line));
            if (line.guardian1() != null || line.guardian2() != null) {
                guardianChanges.put(memberId, line);
            }
            outcomes.put(line.lineNo(), new Outcome("CREATED", "new member: account opened, first card ordered (free, delivered to "
                    + institutionName + ")", memberId, account.accountNo(), issued.get(account.id()).cardNumber()));
        }
    }

    /** A member who had left comes back: active again, and a card blocked only for that reason is opened. */
    private void reactivate(List<Long> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        jdbc.update("update member set status = 'ACTIVE', updated_at = current_timestamp where id = any(?)", SqlArrays.bigints(memberIds));
        // the block ends: keep its period, so a late offline sale made while it lasted is still flagged BLOCKED_CARD
        jdbc.update("""
                insert into card_block_period (card_id, reason, blocked_at, unblocked_at)
                select id, block_reason, blocked_at, current_timestamp from card
                where status = 'BLOCKED' and block_reason = ? and account_id in (select id from account where member_id = any(?))""",
                Cards.BLOCKED_NO_ENROLMENT, SqlArrays.bigints(memberIds));
        jdbc.update("""
                update card set status = 'ACTIVE', block_reason = null, blocked_at = null
                where status = 'BLOCKED' and block_reason = ? and account_id in (select id from account where member_id = any(?))""",
                Cards.BLOCKED_NO_ENROLMENT, SqlArrays.bigints(memberIds));
    }

    /**
     * The custody holders in this institution's snapshot replace those the same institution named
     * before; other institutions' lists and links a parent made in the portal stay.
     */
    private void replaceGuardians(Map<Long, StagedLine> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, StagedLine.Guardian> all = new LinkedHashMap<>();
        changes.values().forEach(line -> guardianList(line).forEach(g -> all.put(g.cprHmac(), g)));
        Map<String, Long> guardianIds = new HashMap<>();
        if (!all.isEmpty()) {
            Map<String, StagedLine.Guardian> stored = new HashMap<>();
            jdbc.query("select id, cpr_hmac, cpr_masked, name, email from guardian where cpr_hmac = any(?)", rs -> {
                guardianIds.put(rs.getString(2), rs.getLong(1));
                stored.put(rs.getString(2), new StagedLine.Guardian(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }, SqlArrays.varchars(all.keySet()));
            List<StagedLine.Guardian> fresh = all.values().stream().filter(g -> !stored.containsKey(g.cprHmac())).toList();
            jdbc.batchUpdate("insert into guardian (cpr_hmac, cpr_masked, name, email) values (?, ?, ?, ?) on conflict do nothing",
                    fresh.stream().map(g -> new Object[] {g.cprHmac(), g.cprMasked(), g.name(), g.email()}).toList());
            jdbc.batchUpdate("update guardian set name = ?, email = ?, updated_at = current_timestamp where cpr_hmac = ?",
                    all.values().stream().filter(g -> stored.containsKey(g.cprHmac()) && !g.equals(stored.get(g.cprHmac())))
                            .map(g -> new Object[] {g.name(), g.email(), g.cprHmac()}).toList());
            if (!fresh.isEmpty()) {
                jdbc.query("select cpr_hmac, id from guardian where cpr_hmac = any(?)", rs -> {
                    guardianIds.put(rs.getString(1), rs.getLong(2));
                }, SqlArrays.varchars(fresh.stream().map(StagedLine.Guardian::cprHmac).toList()));
            }
        }
        jdbc.update("delete from member_guardian where source = 'ENROLMENT' and source_ref = ? and member_id = any(?)", institutionNo,
                SqlArrays.bigints(changes.keySet()));
        List<Object[]> links = new ArrayList<>();
        changes.forEach((memberId, line) -> guardianList(line).forEach(g -> links.add(new Object[] {memberId, guardianIds.get(g.cprHmac()), institutionNo})));
        jdbc.batchUpdate("""
                insert into member_guardian (member_id, guardian_id, source, source_ref) values (?, ?, 'ENROLMENT', ?)
                on conflict do nothing""", links);
    }

    private void recordOutcomes(Map<Integer, Outcome> outcomes) {
        jdbc.batchUpdate("""
                insert into enrolment_outcome (sha256, line_no, status, message, member_id, account_no, card_number)
                values (?, ?, ?, ?, ?, ?, ?)""",
                outcomes.entrySet().stream().map(e -> new Object[] {sha256, e.getKey(), e.getValue().status(), e.getValue().message(),
                        e.getValue().memberId(), e.getValue().accountNo(), e.getValue().cardNumber()}).toList());
    }

    private Object[] enrolmentRow(long memberId, StagedLine line) {
        return new Object[] {institutionNo, memberId, line.pupilId(), line.className(), Date.valueOf(line.startDate()), sqlDate(line.endDate())};
    }

    private Map<String, Known> loadKnown(List<? extends StagedLine> lines) {
        Map<String, Known> known = new HashMap<>();
        jdbc.query("""
                select m.id, m.cpr_hmac, m.first_name, m.last_name, m.status, a.id as account_id, a.account_no
                from member m join account a on a.member_id = m.id where m.cpr_hmac = any(?)""", rs -> {
            known.put(rs.getString("cpr_hmac"), new Known(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"),
                    rs.getString("status"), rs.getLong("account_id"), rs.getString("account_no")));
        }, SqlArrays.varchars(lines.stream().map(StagedLine::cprHmac).toList()));
        return known;
    }

    /** The card number each account uses now (its newest card that was not replaced). */
    private Map<Long, String> loadCurrentCards(List<Long> accountIds) {
        Map<Long, String> current = new HashMap<>();
        if (!accountIds.isEmpty()) {
            jdbc.query("select account_id, card_number from card where account_id = any(?) and status <> 'REPLACED' order by id", rs -> {
                current.put(rs.getLong(1), rs.getString(2));
            }, SqlArrays.bigints(accountIds));
        }
        return current;
    }

    private Map<Long, Enrolled> loadEnrolledHere(List<Long> memberIds) {
        Map<Long, Enrolled> enrolled = new HashMap<>();
        if (!memberIds.isEmpty()) {
            jdbc.query("""
                    select id, member_id, pupil_id, class_name, start_date, end_date from enrolment
                    where institution_no = ? and active_flag = true and member_id = any(?)""", rs -> {
                enrolled.put(rs.getLong("member_id"), new Enrolled(rs.getLong("id"), rs.getString("pupil_id"), rs.getString("class_name"),
                        rs.getDate("start_date").toLocalDate(), rs.getDate("end_date") == null ? null : rs.getDate("end_date").toLocalDate()));
            }, institutionNo, SqlArrays.bigints(memberIds));
        }
        return enrolled;
    }

    private Map<Long, Set<StagedLine.Guardian>> loadGuardians(List<Long> memberIds) {
        Map<Long, Set<StagedLine.Guardian>> guardians = new HashMap<>();
        if (!memberIds.isEmpty()) {
            jdbc.query("""
                    select mg.member_id, g.cpr_hmac, g.cpr_masked, g.name, g.email
                    from member_guardian mg join guardian g on g.id = mg.guardian_id
                    where mg.source = 'ENROLMENT' and mg.source_ref = ? and mg.member_id = any(?)""", rs -> {
                guardians.computeIfAbsent(rs.getLong(1), id -> new HashSet<>())
                        .add(new StagedLine.Guardian(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }, institutionNo, SqlArrays.bigints(memberIds));
        }
        return guardians;
    }

    private static Set<StagedLine.Guardian> guardiansOf(StagedLine line) {
        return new HashSet<>(guardianList(line));
    }

    private static List<StagedLine.Guardian> guardianList(StagedLine line) {
        List<StagedLine.Guardian> list = new ArrayList<>(2);
        if (line.guardian1() != null) {
            list.add(line.guardian1());
        }
        if (line.guardian2() != null && (line.guardian1() == null || !line.guardian2().cprHmac().equals(line.guardian1().cprHmac()))) {
            list.add(line.guardian2());
        }
        return list;
    }

    private static Date sqlDate(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
