package dk.cardoffice.batch.enrolment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builds enrolment snapshots for tests: realistic rows, unique valid CPRs, any institution. */
public final class EnrolmentFiles {

    public static final String HEADER = "institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;class;"
            + "start_date;end_date;guardian1_cpr;guardian1_name;guardian1_email;guardian2_cpr;guardian2_name;guardian2_email";

    /** A pupil line; {@code raw} overrides the whole line (for malformed ones). */
    public record Pupil(String pupilId, String cpr, String firstName, String lastName, String className, String startDate, String endDate,
            String guardianCpr, String guardianName, String guardianEmail) {

        public Pupil withClass(String c) {
            return new Pupil(pupilId, cpr, firstName, lastName, c, startDate, endDate, guardianCpr, guardianName, guardianEmail);
        }

        public Pupil withEndDate(String d) {
            return new Pupil(pupilId, cpr, firstName, lastName, className, startDate, d, guardianCpr, guardianName, guardianEmail);
        }

        public Pupil withCpr(String c) {
            return new Pupil(pupilId, c, firstName, lastName, className, startDate, endDate, guardianCpr, guardianName, guardianEmail);
        }

        public Pupil withGuardian(String name, String email) {
            return new Pupil(pupilId, cpr, firstName, lastName, className, startDate, endDate, guardianCpr, name, email);
        }

        public Pupil withName(String first, String last) {
            return new Pupil(pupilId, cpr, first, last, className, startDate, endDate, guardianCpr, guardianName, guardianEmail);
        }
    }

    private static final String[] FIRST = {"Søren", "Åse", "Mikkel", "Freja", "Oliver", "Ida", "Emil", "Clara", "Noah", "Alma", "Æbbe", "Øjvind"};
    private static final String[] LAST = {"Ærø", "Østergård", "Jørgensen", "Nørgaard", "Kjær", "Bøgh", "Thygesen", "Damgård", "Lykke", "Frølund"};

    private EnrolmentFiles() {
    }

    /** A valid CPR, unique per n (born 2010-2018, serial with century digit 4). */
    public static String cpr(int n) {
        LocalDate born = LocalDate.of(2010, 1, 1).plusDays(n % 3000);
        int serial = 4000 + n / 3000;
        return String.format("%02d%02d%02d-%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100, serial);
    }

    /** A guardian CPR, unique per n (born 1975-1990, century digit 1). */
    public static String guardianCpr(int n) {
        LocalDate born = LocalDate.of(1975, 1, 1).plusDays(n % 5000);
        int serial = 1000 + n / 5000;
        return String.format("%02d%02d%02d-%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100, serial);
    }

    public static Pupil pupil(int n) {
        String first = FIRST[n % FIRST.length];
        String last = LAST[(n / FIRST.length) % LAST.length];
        return new Pupil("P-" + n, cpr(n), first, last, (n % 10) + ".A", "2024-08-12", "", guardianCpr(n), "Forælder " + last,
                "forælder" + n + "@example.dk");
    }

    public static List<Pupil> pupils(int from, int count) {
        List<Pupil> pupils = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            pupils.add(pupil(n));
        }
        return pupils;
    }

    public static String line(String institutionNo, String name, String type, Pupil p) {
        return String.join(";", institutionNo, name, type, p.pupilId(), p.cpr(), p.firstName(), p.lastName(), p.className(), p.startDate(),
                p.endDate(), p.guardianCpr(), p.guardianName(), p.guardianEmail(), "", "", "");
    }

    /** Writes enrolment_<no>_<stamp>.csv in {@code folder} with a school's pupils (and any extra raw lines). */
    public static Path school(Path folder, String institutionNo, String stamp, List<Pupil> pupils, String... extraLines) {
        return write(folder, institutionNo, "Lindebjergskolen", "SCHOOL", stamp, pupils, StandardCharsets.UTF_8, extraLines);
    }

    public static Path write(Path folder, String institutionNo, String name, String type, String stamp, List<Pupil> pupils, Charset charset,
            String... extraLines) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        pupils.forEach(p -> lines.add(line(institutionNo, name, type, p)));
        lines.addAll(List.of(extraLines));
        return writeLines(folder.resolve("enrolment_" + institutionNo + "_" + stamp + ".csv"), lines, charset);
    }

    public static Path writeLines(Path file, List<String> lines, Charset charset) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, (String.join("\r\n", lines) + "\r\n").getBytes(charset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
