package dk.cardoffice.batch.enrolment;

import java.time.LocalDate;

/**
 * A line of an enrolment file after validation, as staged in enrolment_line. A rejected line keeps
 * what could be read of it (pupil id, CPR key) so that it can protect the pupil's current enrolment.
 */
public record StagedLine(int lineNo, String pupilId, String cprHmac, String cprMasked, String firstName, String lastName,
        String className, LocalDate startDate, LocalDate endDate, Guardian guardian1, Guardian guardian2, String rejection) {

    /** A custody holder from the file; the CPR only as its key and masked form. */
    public record Guardian(String cprHmac, String cprMasked, String name, String email) {
    }

    public boolean rejected() {
        return rejection != null;
    }

    public String fullName() {
        return firstName + " " + lastName;
    }
}
