package dk.cardoffice.batch.enrolment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;

import dk.cardoffice.batch.support.InboundCsv;

/** The enrolment snapshot as contract §2 defines it: name, encoding, dialect and columns. */
public final class EnrolmentFileFormat {

    public static final Pattern FILE_NAME = Pattern.compile("enrolment_(\\d{6})_(\\d{14})\\.csv");
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public static final List<String> REQUIRED = List.of("institution_no", "institution_name", "institution_type", "pupil_id", "cpr",
            "first_name", "last_name", "start_date");

    /** Header looked up by name, case-insensitive, order free; values trimmed; blank lines skipped. */
    public static final CSVFormat CSV = InboundCsv.HEADED;

    private EnrolmentFileFormat() {
    }

    /** The institution number in a well-formed file name, or null. */
    public static String institutionOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * UTF-8 when the whole file decodes as UTF-8, else Windows-1252 (older exporters). Streams the
     * file once through a strict decoder; memory stays flat whatever the size.
     */
    public static Charset detectCharset(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
            CharBuffer chars = CharBuffer.allocate(64 * 1024);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer, 0, bytes.remaining())) >= 0) {
                bytes.put(buffer, 0, n);
                bytes.flip();
                if (decoder.decode(bytes, chars, false).isError()) {
                    return WINDOWS_1252;
                }
                chars.clear();
                bytes.compact();
            }
            bytes.flip();
            if (decoder.decode(bytes, chars, true).isError() || decoder.flush(chars).isError()) {
                return WINDOWS_1252;
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return WINDOWS_1252;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A reader positioned after a UTF-8 byte order mark, if the file has one. */
    public static Reader open(Path file, Charset charset) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset), 64 * 1024);
        reader.mark(1);
        int first = reader.read();
        if (first != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
