package dk.cardoffice.batch.payouts;

import java.time.LocalDate;

/**
 * One pain.001 file as recorded when its withdrawals were claimed: everything its header says, so the file can be
 * written again byte for byte after a crash.
 */
public record PayoutFile(long id, String msgId, String fileName, String creDtTm, LocalDate executionDate, int txCount, long ctrlSumOre,
        String sha256, String debtorName, String debtorIban, String debtorBic, String initiatingPartyName, String initiatingPartyId, String status) {

    /** The message id the bank sees and answers with: unique for as long as the database lives. */
    public static String msgIdOf(long id) {
        return String.format("CARDOFFICE-PAY-%08d", id);
    }

    /** The only payment-information block of the file. */
    public String pmtInfId() {
        return msgId + "-1";
    }
}
