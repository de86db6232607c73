package dk.cardoffice.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a person reads of a failed job: the messages, never the stack trace. */
class ExitReasonsTest {

    @Test
    void aStackTraceBecomesItsMessageAndItsDeepestCause() {
        String trace = "org.springframework.dao.DataAccessResourceFailureException: could not write the chunk\n"
                + "\tat org.springframework.jdbc.Foo.bar(Foo.java:12)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:840)\n"
                + "Caused by: java.sql.SQLException: connection refused\n"
                + "\tat org.postgresql.Driver.connect(Driver.java:1)\n"
                + "Caused by: java.net.ConnectException: Connection refused\n"
                + "\t... 3 more\n";

        assertThat(ExitReasons.readable(trace))
                .isEqualTo("could not write the chunk (DataAccessResourceFailureException) (cause: Connection refused (ConnectException))")
                .doesNotContain("\tat ");
    }

    @Test
    void aReasonWrittenForPeopleIsLeftAsItIs() {
        assertThat(ExitReasons.readable("line 4: the trailer says 12 lines, the file has 11")).isEqualTo("line 4: the trailer says 12 lines, the file has 11");
        assertThat(ExitReasons.readable(null)).isNull();
    }
}
