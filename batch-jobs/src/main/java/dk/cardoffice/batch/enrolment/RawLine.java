package dk.cardoffice.batch.enrolment;

import java.util.Map;

/** One data line of an enrolment file as read: its line number and its fields by lower-case column name. */
public record RawLine(int lineNo, Map<String, String> fields) {

    public String get(String column) {
        String value = fields.get(column);
        return value == null ? "" : value;
    }
}
