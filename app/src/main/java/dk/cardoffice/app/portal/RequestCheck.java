package dk.cardoffice.app.portal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dk.cardoffice.ledger.Money;
import dk.cardoffice.ledger.portal.PortalRefusal;

/** Collects every field problem of a request, then refuses it with all of them at once (400). */
final class RequestCheck {

    private final List<PortalRefusal.FieldProblem> problems = new ArrayList<>();

    String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            problems.add(new PortalRefusal.FieldProblem(field, field + " is required"));
            return value;
        }
        if (value.length() > maxLength) {
            problems.add(new PortalRefusal.FieldProblem(field, field + " is longer than " + maxLength + " characters"));
        }
        return value.trim();
    }

    String matching(String field, String value, Pattern pattern, String expected) {
        String v = required(field, value, 100);
        if (v != null && !v.isBlank() && !pattern.matcher(v).matches()) {
            problems.add(new PortalRefusal.FieldProblem(field, field + " must be " + expected));
        }
        return v;
    }

    long amount(String field, String value) {
        String v = required(field, value, 20);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Money.parseDkk(v);
        } catch (IllegalArgumentException e) {
            problems.add(new PortalRefusal.FieldProblem(field, field + ": " + e.getMessage()));
            return 0;
        }
    }

    OffsetDateTime time(String field, String value) {
        String v = required(field, value, 40);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            problems.add(new PortalRefusal.FieldProblem(field, field + " must be an ISO 8601 time with offset, e.g. 2026-11-20T14:03:00+01:00"));
            return null;
        }
    }

    void problem(String field, String message) {
        problems.add(new PortalRefusal.FieldProblem(field, message));
    }

    void orRefuse() {
        if (!problems.isEmpty()) {
            throw new PortalProblems.InvalidRequest(problems);
        }
    }
}
