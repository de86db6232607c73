package dk.cardoffice.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dk.cardoffice.app.CardofficeApplication;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.testing.LedgerFixture;
import dk.cardoffice.ledger.testing.TestDatabase;

/** The commands of contract §11 as a person runs them: arguments in, printed report and exit code out. */
class CommandLineTest {

    @TempDir
    Path temp;

    record Run(int exitCode, String output) {
    }

    @Test
    void demoRunsInAFreshHomeAndCanBeRunAgain() throws Exception {
        Path home = temp.resolve("demo-home");

        Run demo = run("demo", "--cardoffice.home=" + home);
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("cardoffice demo").contains("card-order-export").contains("Ledger verification: OK")
                .contains(home.toString());
        assertThat(demo.output()).as("the sample settlement files settle the demo's top-ups")
                .contains("payout WL-PO-20261123-0001: 4 lines, matched 2, amount mismatch 1, unknown order 1, duplicate 0; net 660.25 DKK")
                .contains("payout NETS-20261123-7781: 3 lines, matched 3, amount mismatch 0, unknown order 0, duplicate 0; net 148.60 DKK");
        assertThat(demo.output()).as("the demo's withdrawals leave in one payout file; the bank's sample answer pays one and rejects the other")
                .containsPattern("CARDOFFICE-PAY-00000001 .*payouts_\\d{14}\\.xml: 2 withdrawal\\(s\\), 75.00 DKK")
                .contains("withdrawal W-DEMO-1  50.00 DKK  CONFIRMED")
                .contains("withdrawal W-DEMO-2  25.00 DKK  REJECTED (AC01: kontonummeret er forkert");
        assertThat(home.resolve("archive/bank-status")).isDirectory();
        assertThat(home.resolve("archive/settlement")).isDirectory();
        assertThat(home.resolve("db")).isDirectory();
        assertThat(home.resolve("outbox/card-orders")).isDirectory();

        Run verify = run("verify-ledger", "--cardoffice.home=" + home);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("Ledger verification: OK");

        assertThat(run("demo", "--cardoffice.home=" + home).exitCode()).isZero();
    }

    @Test
    void demoRefusesAHomeItDidNotMake() throws Exception {
        Path home = Files.createDirectories(temp.resolve("real-home"));
        Files.writeString(home.resolve("precious.txt"), "do not delete");

        Run demo = run("demo", "--cardoffice.home=" + home);

        assertThat(demo.exitCode()).isEqualTo(1);
        assertThat(home.resolve("precious.txt")).exists();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void verifyLedgerFailsWithAReportWhenABalanceWasTamperedWith(TestDatabase database) throws Exception {
        try (TestDatabase.Fresh db = database.create()) {
            LedgerFixture f = new LedgerFixture(db.ds());
            long member = f.newMemberAccount("Ida");
            f.ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "O-1", Instant.now(), null,
                    f.accounts.systemAccountId(SystemAccount.ACQUIRER_NETS), member, 100_00));
            List<String> args = new ArrayList<>(List.of("verify-ledger", "--cardoffice.home=" + temp,
                    "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password()));

            assertThat(run(args.toArray(String[]::new)).exitCode()).isZero();
            f.jdbc.update("update account set balance = balance - 1 where id = ?", member);
            Run broken = run(args.toArray(String[]::new));

            assertThat(broken.exitCode()).isEqualTo(1);
            assertThat(broken.output()).contains("Ledger verification: FAILED").contains("BROKEN: account")
                    .contains("shows balance 99.99 DKK but its movements sum to 100.00 DKK");
        }
    }

    @Test
    void verifyLedgerThatCannotReachItsDatabaseSaysSoAndExitsTwoNotOne() {
        Run unreachable = run("verify-ledger", "--cardoffice.home=" + temp.resolve("nowhere"),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/cardoffice", "--spring.datasource.username=x",
                "--spring.datasource.password=x", "--spring.datasource.hikari.connection-timeout=2000");

        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(2);
        assertThat(unreachable.output()).contains("could not be checked (nothing was judged)");
    }

    @Test
    void unknownCommandExitsWithUsage() {
        assertThat(CardofficeApplication.runCommand(new String[] {"make-coffee"})).isEqualTo(2);
    }

    private static synchronized Run run(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = CardofficeApplication.runCommand(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }
}
