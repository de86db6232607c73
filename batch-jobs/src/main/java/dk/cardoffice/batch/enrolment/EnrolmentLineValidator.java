package dk.cardoffice.batch.enrolment;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.ledger.member.Cpr;
import dk.cardoffice.ledger.member.CprProtector;

/**
 * Checks one line against contract §2 and turns it into a {@link StagedLine}: valid, or rejected
 * with every reason a school administrator needs to fix it. The same CPR twice in one file: the
 * second line is rejected. The CPRs seen so far are reloaded from the staged lines on a restart.
 */
public class EnrolmentLineValidator implements ItemProcessor<RawLine, StagedLine>, ItemStream {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s;]+@[^@\\s;]+\\.[^@\\s;]+");

    private final CprProtector cprs;
    private final JdbcTemplate jdbc;
    private final String sha256;
    private final Set<String> cprsSeen = new HashSet<>();

    public EnrolmentLineValidator(CprProtector cprs, JdbcTemplate jdbc, String sha256) {
        this.cprs = cprs;
        this.jdbc = jdbc;
        this.sha256 = sha256;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        cprsSeen.addAll(jdbc.queryForList("select cpr_hmac from enrolment_line where sha256 = ? and cpr_hmac is not null",
                String.class, sha256));
    }

    @Override
    public StagedLine process(RawLine line) {
        List<String> problems = new ArrayList<>();
        String pupilId = line.get("pupil_id");
        if (pupilId.isEmpty() || pupilId.length() > 32) {
            problems.add("pupil_id must be 1-32 characters");
        }
        String cprHmac = null;
        String cprMasked = null;
        try {
            Cpr cpr = Cpr.parse(line.get("cpr"));
            cprHmac = cprs.hmac(cpr);
            cprMasked = cpr.masked();
        } catch (IllegalArgumentException e) {
            problems.add("cpr: " + e.getMessage());
        }
        String firstName = required(line, "first_name", 100, problems);
        String lastName = required(line, "last_name", 100, problems);
        String className = line.get("class");
        if (className.length() > 20) {
            problems.add("class is longer than 20 characters");
        }
        LocalDate start = date(line, "start_date", true, problems);
        LocalDate end = date(line, "end_date", false, problems);
        if (start != null && end != null && end.isBefore(start)) {
            problems.add("end_date " + end + " is before start_date " + start);
        }
        StagedLine.Guardian g1 = guardian(line, "guardian1", problems);
        StagedLine.Guardian g2 = guardian(line, "guardian2", problems);
        if (cprHmac != null && !cprsSeen.add(cprHmac)) {
            problems.add("the same CPR (" + cprMasked + ") is on an earlier line of this file; only the first line counts");
            cprHmac = null; // the person is the first line's; this line must not stand for them
        }
        String rejection = problems.isEmpty() ? null : truncate(String.join("; ", problems), 1000);
        return new StagedLine(line.lineNo(), truncate(pupilId, 64), cprHmac, cprMasked, truncate(firstName, 100), truncate(lastName, 100),
                className.isEmpty() ? null : truncate(className, 20), start, end, g1, g2, rejection);
    }

    private static String required(RawLine line, String column, int max, List<String> problems) {
        String value = line.get(column);
        if (value.isEmpty()) {
            problems.add(column + " is empty");
        } else if (value.length() > max) {
            problems.add(column + " is longer than " + max + " characters");
        }
        return value;
    }

    private static LocalDate date(RawLine line, String column, boolean required, List<String> problems) {
        String value = line.get(column);
        if (value.isEmpty()) {
            if (required) {
                problems.add(column + " is empty");
            }
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(column + " '" + value + "' is not a date yyyy-MM-dd");
            return null;
        }
    }

    private StagedLine.Guardian guardian(RawLine line, String prefix, List<String> problems) {
        String cprText = line.get(prefix + "_cpr");
        String name = line.get(prefix + "_name");
        String email = line.get(prefix + "_email");
        if (cprText.isEmpty()) {
            if (!name.isEmpty() || !email.isEmpty()) {
                problems.add(prefix + "_cpr is empty but a name or e-mail is given");
            }
            return null;
        }
        Cpr cpr;
        try {
            cpr = Cpr.parse(cprText);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "_cpr: " + e.getMessage());
            return null;
        }
        if (!email.isEmpty() && (!EMAIL.matcher(email).matches() || email.length() > 254)) {
            problems.add(prefix + "_email '" + email + "' is not an e-mail address");
        }
        return new StagedLine.Guardian(cprs.hmac(cpr), cpr.masked(), name.isEmpty() ? null : truncate(name, 200),
                email.isEmpty() ? null : email);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
