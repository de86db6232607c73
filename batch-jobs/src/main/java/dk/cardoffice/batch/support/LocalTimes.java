package dk.cardoffice.batch.support;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/** Local times as the feeds write them, parsed by hand: a million-line file has a million of them (docs/performance.md). */
public final class LocalTimes {

    private static final int[] AT = {0, 5, 8, 11, 14, 17};
    private static final int[] WIDTH = {4, 2, 2, 2, 2, 2};

    private LocalTimes() {
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss}, or null when the text is not exactly that (or not a real date and time). */
    public static LocalDateTime parse(String text) {
        if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int[] fields = new int[6];
        for (int f = 0; f < 6; f++) {
            for (int i = AT[f]; i < AT[f] + WIDTH[f]; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                fields[f] = fields[f] * 10 + (c - '0');
            }
        }
        try {
            return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
