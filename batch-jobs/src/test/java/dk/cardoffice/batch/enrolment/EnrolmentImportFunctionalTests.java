package dk.cardoffice.batch.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import dk.cardoffice.batch.intake.FileRegistry;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.LedgerTransaction;
import dk.cardoffice.ledger.SystemAccount;
import dk.cardoffice.ledger.TransactionType;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.card.CardNumbers;

/** enrolment-import, one test per rule of contract §2, given / when / then. */
public abstract class EnrolmentImportFunctionalTests extends EnrolmentTestSupport {

    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    FileRegistry registry;
    @Autowired
    HoldDecisions holds;

    @Test
    void newPupilsBecomeMembersWithAccountCardAndAFreeFirstCardOrderedToTheInstitution() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(10);
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", pupils);

        JobExecution run = importFile(file);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(run.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt).hasSize(10).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("CREATED");
            assertThat(r.get("account_no")).matches("\\d{8}");
            assertThat(CardNumbers.isValid(r.get("card_number"))).isTrue();
        });
        assertThat(receipt.get(0).get("line")).isEqualTo("2");
        assertThat(receipt.stream().map(r -> r.get("account_no")).distinct()).hasSize(10);
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(10);
        assertThat(count("""
                select count(*) from card_order o join card c on c.id = o.card_id join account a on a.id = c.account_id
                where a.account_no = ? and o.reason = 'FIRST' and o.fee_ore = 0 and o.delivery_name = 'Lindebjergskolen'""",
                receipt.get(0).get("account_no"))).isEqualTo(1);
        assertThat(count("""
                select count(*) from member_guardian mg join member m on m.id = mg.member_id join account a on a.member_id = m.id
                where a.account_no = ?""", receipt.get(0).get("account_no"))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select cpr_masked from member m join account a on a.member_id = m.id where a.account_no = ?",
                String.class, receipt.get(0).get("account_no"))).isEqualTo(pupils.get(0).cpr().substring(0, 6) + "-xxxx");
        assertThat(registry.original("enrolment", jdbc.queryForObject("select max(sha256) from enrolment_line where institution_no = ?",
                String.class, school))).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(FileRegistry.Status.PROCESSED));
    }

    @Test
    void noCprIsStoredInClear() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(3);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));

        String digits = pupils.get(0).cpr().replace("-", "");
        assertThat(count("select count(*) from member where cpr_hmac like ? or cpr_masked like ?", "%" + digits + "%", "%" + digits.substring(6) + "%"))
                .isZero();
        assertThat(count("select count(*) from enrolment_line where cpr_hmac like ? or cpr_masked like ?", "%" + digits + "%",
                "%" + digits.substring(6) + "%")).isZero();
    }

    @Test
    void badLinesAreRejectedWithLineNumberAndReasonAndTheRestIsApplied() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> good = newPupils(3);
        EnrolmentFiles.Pupil bad = newPupils(1).get(0);
        Path file = EnrolmentFiles.school(drop, school, "20261114061500", good,
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", bad.withCpr("310212-4567")),
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", good.get(1).withClass("9.X")),
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", bad.withGuardian("Mor", "mor.example.dk")));

        importFile(file);

        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt).extracting(r -> r.get("line") + ":" + r.get("status")).containsExactly(
                "2:CREATED", "3:CREATED", "4:CREATED", "5:REJECTED", "6:REJECTED", "7:REJECTED");
        assertThat(receipt.get(3).get("message")).isEqualTo("cpr: CPR does not start with a real date (DDMMYY)");
        assertThat(receipt.get(4).get("message")).contains("the same CPR").contains("earlier line");
        assertThat(receipt.get(5).get("message")).isEqualTo("guardian1_email 'mor.example.dk' is not an e-mail address");
        assertThat(receipt.get(3).get("account_no")).isEmpty();
    }

    @Test
    void anUnchangedRosterUnderANewNameChangesNothing() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        long members = count("select count(*) from member");
        long cards = count("select count(*) from card");
        List<EnrolmentFiles.Pupil> shuffled = new ArrayList<>(pupils);
        Collections.reverse(shuffled);

        Path again = EnrolmentFiles.school(drop, school, "20261115061500", shuffled);
        JobExecution run = importFile(again);

        assertThat(run.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(receipt(again)).hasSize(12).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("UNCHANGED"));
        assertThat(count("select count(*) from member")).isEqualTo(members);
        assertThat(count("select count(*) from card")).isEqualTo(cards);
    }

    @Test
    void aKnownMemberInAFurtherInstitutionKeepsAccountAndCardAndWindows1252IsRead() {
        String school = newInstitution();
        String club = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(2);
        Path schoolFile = EnrolmentFiles.school(drop, school, "20261114061500", pupils);
        importFile(schoolFile);
        CSVRecord atSchool = row(receipt(schoolFile), pupils.get(0).pupilId());

        EnrolmentFiles.Pupil inClub = pupils.get(0);
        Path clubFile = EnrolmentFiles.write(drop, club, "Klub Hedeboen – Ærø", "CLUB", "20261114070000",
                List.of(inClub, newPupils(1).get(0).withName("Øjvind", "Æblegård")), java.nio.charset.Charset.forName("windows-1252"));
        importFile(clubFile);

        CSVRecord atClub = row(receipt(clubFile), inClub.pupilId());
        assertThat(atClub.get("status")).isEqualTo("UPDATED");
        assertThat(atClub.get("message")).contains("enrolled at Klub Hedeboen – Ærø (account and card kept)");
        assertThat(atClub.get("account_no")).isEqualTo(atSchool.get("account_no"));
        assertThat(atClub.get("card_number")).isEqualTo(atSchool.get("card_number"));
        assertThat(count("select count(*) from enrolment e join account a on a.member_id = e.member_id where a.account_no = ? and e.active_flag = true",
                atSchool.get("account_no"))).isEqualTo(2);
        assertThat(jdbc.queryForObject("select name from institution where institution_no = ?", String.class, club)).isEqualTo("Klub Hedeboen – Ærø");
        assertThat(jdbc.queryForObject("select first_name || ' ' || last_name from member m join enrolment e on e.member_id = m.id"
                + " where e.institution_no = ? and e.pupil_id = ?", String.class, club, "P-" + (Integer.parseInt(inClub.pupilId().substring(2)) + 2)))
                .isEqualTo("Øjvind Æblegård");
    }

    @Test
    void namesClassesAndGuardiansAreUpdatedFromTheNewestSnapshot() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(3);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));

        List<EnrolmentFiles.Pupil> changed = List.of(pupils.get(0).withClass("6.C"), pupils.get(1).withGuardian("Mette Ny", "mette.ny@example.dk"),
                pupils.get(2).withName("Anna", "Ærøskøbing"));
        Path file = EnrolmentFiles.school(drop, school, "20261115061500", changed);
        importFile(file);

        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt).extracting(r -> r.get("status")).containsExactly("UPDATED", "UPDATED", "UPDATED");
        assertThat(receipt.get(0).get("message")).contains("class").contains("6.C");
        assertThat(receipt.get(1).get("message")).contains("guardians changed");
        assertThat(receipt.get(2).get("message")).contains("name changed");
        assertThat(count("select count(*) from guardian where name = 'Mette Ny' and email = 'mette.ny@example.dk'")).isEqualTo(1);
        assertThat(count("select count(*) from member where first_name = 'Anna' and last_name = 'Ærøskøbing'")).isEqualTo(1);
    }

    @Test
    void absentPupilsAreEndedTheLastEnrolmentBlocksTheCardKeepsTheBalanceAndMailsTheGuardian() throws Exception {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        Path first = EnrolmentFiles.school(drop, school, "20261114061500", pupils);
        importFile(first);
        EnrolmentFiles.Pupil leaving = pupils.get(3);
        String accountNo = row(receipt(first), leaving.pupilId()).get("account_no");
        long accountId = accounts.findMemberAccount(accountNo).orElseThrow().id();
        ledger.post(LedgerTransaction.transfer(TransactionType.DEPOSIT, "order-" + accountNo, Instant.now(), "top-up",
                accounts.systemAccountId(SystemAccount.ACQUIRER_NETS), accountId, 123_50));

        List<EnrolmentFiles.Pupil> remaining = new ArrayList<>(pupils);
        remaining.remove(leaving);
        Path second = EnrolmentFiles.school(drop, school, "20261121061500", remaining);
        importFile(second);

        List<CSVRecord> receipt = receipt(second);
        CSVRecord ended = receipt.get(receipt.size() - 1);
        assertThat(ended.get("line")).isEmpty();
        assertThat(ended.get("status")).isEqualTo("ENDED");
        assertThat(ended.get("pupil_id")).isEqualTo(leaving.pupilId());
        assertThat(ended.get("account_no")).isEqualTo(accountNo);
        assertThat(CardNumbers.isValid(ended.get("card_number"))).isTrue();
        assertThat(ended.get("message")).contains("not in this snapshot").contains("card blocked");
        assertThat(jdbc.queryForObject("select m.status from member m join account a on a.member_id = m.id where a.account_no = ?", String.class,
                accountNo)).isEqualTo("INACTIVE");
        assertThat(jdbc.queryForObject("select status from card where card_number = ?", String.class, ended.get("card_number"))).isEqualTo("BLOCKED");
        assertThat(jdbc.queryForObject("select status from account where account_no = ?", String.class, accountNo)).isEqualTo("OPEN");
        assertThat(ledger.balance(accountId)).isEqualTo(123_50);
        String mail = mailTo(leaving.guardianEmail());
        assertThat(mail).contains("Content-Type: text/plain; charset=UTF-8").contains("Subject: =?UTF-8?B?")
                .contains("123,50 kr.").contains(accountNo).contains("Udbetal").contains(leaving.firstName());
    }

    @Test
    void anEndDateThatHasPassedEndsTheEnrolment() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        String yesterday = LocalDate.now(dk.cardoffice.batch.CoreBeans.COPENHAGEN).minusDays(1).toString();
        String tomorrow = LocalDate.now(dk.cardoffice.batch.CoreBeans.COPENHAGEN).plusDays(1).toString();
        List<EnrolmentFiles.Pupil> next = new ArrayList<>(pupils);
        next.set(0, pupils.get(0).withEndDate(yesterday));
        next.set(1, pupils.get(1).withEndDate(tomorrow));

        Path file = EnrolmentFiles.school(drop, school, "20261121061500", next);
        importFile(file);

        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt.stream().filter(r -> r.get("status").equals("ENDED")).map(r -> r.get("pupil_id"))).containsExactly(pupils.get(0).pupilId());
        assertThat(receipt.get(receipt.size() - 1).get("message")).contains("end_date " + yesterday + " has passed");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(11);
    }

    @Test
    void aRejectedLineNeverEndsAnEnrolment() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        List<EnrolmentFiles.Pupil> next = new ArrayList<>(pupils.subList(2, 12));

        Path file = EnrolmentFiles.school(drop, school, "20261121061500", next,
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", pupils.get(0).withCpr("321312-4000")), // bad CPR, same pupil id
                EnrolmentFiles.line(school, "Lindebjergskolen", "SCHOOL", pupils.get(1).withClass("").withName("", pupils.get(1).lastName())));
        importFile(file);

        List<CSVRecord> receipt = receipt(file);
        assertThat(receipt).noneMatch(r -> r.get("status").equals("ENDED"));
        assertThat(receipt).filteredOn(r -> r.get("status").equals("REJECTED")).hasSize(2);
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(12);
    }

    @Test
    void aMemberWhoReturnsIsActiveAgainAndTheCardBlockedForLeavingIsOpened() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        importFile(EnrolmentFiles.school(drop, school, "20261115061500", pupils.subList(1, 12)));
        List<EnrolmentFiles.Pupil> reordered = new ArrayList<>(pupils);
        Collections.reverse(reordered); // the same bytes again would be a duplicate of the first file
        Path back = EnrolmentFiles.school(drop, school, "20261116061500", reordered);

        importFile(back);

        CSVRecord returned = row(receipt(back), pupils.get(0).pupilId());
        assertThat(returned.get("status")).isEqualTo("UPDATED");
        assertThat(returned.get("message")).contains("active again");
        assertThat(jdbc.queryForObject("select status from card where card_number = ?", String.class, returned.get("card_number"))).isEqualTo("ACTIVE");
        assertThat(count("select count(*) from card c join account a on a.id = c.account_id where a.account_no = ?", returned.get("account_no")))
                .isEqualTo(1);
        assertThat(count("""
                select count(*) from card_block_period p join card c on c.id = p.card_id
                where c.card_number = ? and p.reason = 'NO_ENROLMENT' and p.blocked_at is not null""", returned.get("card_number")))
                .as("the ended block is kept for late offline sales").isEqualTo(1);
    }

    @Test
    void aSnapshotThatWouldEndTooManyIsHeldUntilAnOperatorApprovesIt() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(40);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        List<EnrolmentFiles.Pupil> newcomer = newPupils(1);
        List<EnrolmentFiles.Pupil> shrunk = new ArrayList<>(pupils.subList(0, 28));
        shrunk.addAll(newcomer);
        long members = count("select count(*) from member");

        Path file = EnrolmentFiles.school(drop, school, "20261121061500", shrunk);
        JobExecution held = importFile(file);

        assertThat(held.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(held.getExitStatus().getExitCode()).isEqualTo("HELD");
        assertThat(held.getExitStatus().getExitDescription()).contains("would end 12 of 40");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(40);
        assertThat(count("select count(*) from member")).isEqualTo(members);
        EnrolmentHolds.Hold hold = new EnrolmentHolds(jdbc)
                .find(jdbc.queryForObject("select id from enrolment_hold where institution_no = ?", Long.class, school)).orElseThrow();
        assertThat(hold.status()).isEqualTo("HELD");
        assertThat(hold.endingCount()).isEqualTo(12);
        assertThat(registry.original("enrolment", hold.sha256()).orElseThrow().status()).isEqualTo(FileRegistry.Status.HELD);

        JobExecution applied = jobs.awaitEnd(holds.approve(hold.id(), "olga"), java.time.Duration.ofMinutes(1));

        assertThat(applied.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(29);
        assertThat(receipt(file)).filteredOn(r -> r.get("status").equals("ENDED")).hasSize(12);
        assertThat(new EnrolmentHolds(jdbc).find(hold.id()).orElseThrow().decidedBy()).isEqualTo("olga");
        assertThat(registry.original("enrolment", hold.sha256()).orElseThrow().status()).isEqualTo(FileRegistry.Status.PROCESSED);
    }

    @Test
    void anApprovalInterruptedBeforeItsImportWasLaunchedCanBeGivenAgain() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(30);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        importFile(EnrolmentFiles.school(drop, school, "20261121061500", pupils.subList(0, 15)));
        long holdId = jdbc.queryForObject("select id from enrolment_hold where institution_no = ?", Long.class, school);
        // the process died between recording the approval and launching the import
        new EnrolmentHolds(jdbc).decide(holdId, "APPROVED", "olga");

        JobExecution applied = jobs.awaitEnd(holds.approve(holdId, "olga"), java.time.Duration.ofMinutes(1));

        assertThat(applied.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(15);
        assertThatThrownBy(() -> holds.approve(holdId, "olga")).hasMessageContaining("APPROVED already");
    }

    @Test
    void aDiscardedHeldSnapshotIsNeverAppliedAndGoesToErrorWithItsReason() throws Exception {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(30);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        Path file = EnrolmentFiles.school(drop, school, "20261121061500", pupils.subList(0, 15));
        importFile(file);
        long holdId = jdbc.queryForObject("select id from enrolment_hold where institution_no = ?", Long.class, school);

        holds.discard(holdId, "olga");

        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(30);
        Path error = home.error("enrolment").resolve(file.getFileName());
        assertThat(error).exists();
        assertThat(Files.readString(error.resolveSibling(file.getFileName() + ".error.txt"), StandardCharsets.UTF_8))
                .contains("would have ended 15 of 30").contains("olga");
    }

    @Test
    void aHeldSnapshotCannotBeApprovedOnceANewerOneWasApplied() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(30);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        importFile(EnrolmentFiles.school(drop, school, "20261115061500", pupils.subList(0, 15)));
        long holdId = jdbc.queryForObject("select id from enrolment_hold where institution_no = ?", Long.class, school);
        List<EnrolmentFiles.Pupil> newer = new ArrayList<>(pupils);
        newer.set(0, pupils.get(0).withClass("7.Z"));
        importFile(EnrolmentFiles.school(drop, school, "20261116061500", newer));

        assertThatThrownBy(() -> holds.approve(holdId, "olga")).hasMessageContaining("newer snapshot").hasMessageContaining("Discard");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(30);
    }

    @Test
    void aPupilLeavingASchoolWhileJoiningAClubInAParallelImportStaysActive() {
        String school = newInstitution();
        String club = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(12);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));
        EnrolmentFiles.Pupil moving = pupils.get(0);
        Path schoolWithout = EnrolmentFiles.school(drop, school, "20261121061500", pupils.subList(1, 12));
        Path clubWith = EnrolmentFiles.write(drop, club, "Klub Hedeboen", "CLUB", "20261121061500", List.of(moving),
                java.nio.charset.StandardCharsets.UTF_8);

        long a = jobs.start(EnrolmentImportJobConfig.JOB_NAME, java.util.Map.of("file", schoolWithout.toString()));
        long b = jobs.start(EnrolmentImportJobConfig.JOB_NAME, java.util.Map.of("file", clubWith.toString()));
        assertThat(jobs.awaitEnd(a, java.time.Duration.ofMinutes(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.awaitEnd(b, java.time.Duration.ofMinutes(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        String accountNo = row(receipt(clubWith), moving.pupilId()).get("account_no");
        assertThat(jdbc.queryForObject("select m.status from member m join account a on a.member_id = m.id where a.account_no = ?", String.class,
                accountNo)).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("select c.status from card c join account a on a.id = c.account_id where a.account_no = ?", String.class,
                accountNo)).isEqualTo("ACTIVE");
        assertThat(count("select count(*) from enrolment e join account a on a.member_id = e.member_id where a.account_no = ? and e.active_flag = true",
                accountNo)).isEqualTo(1);
    }

    @Test
    void smallChangesPassTheGuard() {
        String school = newInstitution();
        List<EnrolmentFiles.Pupil> pupils = newPupils(20);
        importFile(EnrolmentFiles.school(drop, school, "20261114061500", pupils));

        // 10 of 20 is 50 %, but not more than 10 enrolments
        JobExecution run = importFile(EnrolmentFiles.school(drop, school, "20261121061500", pupils.subList(0, 10)));

        assertThat(run.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(count("select count(*) from enrolment where institution_no = ? and active_flag = true", school)).isEqualTo(10);
    }

    private String mailTo(String recipient) throws Exception {
        try (Stream<Path> files = Files.list(home.outbox("mail"))) {
            for (Path eml : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                String text = Files.readString(eml, StandardCharsets.UTF_8);
                if (text.contains("To: " + recipient + "\r\n")) {
                    return text;
                }
            }
        }
        throw new AssertionError("no mail to " + recipient);
    }
}
