package dk.cardoffice.batch.payouts;

/** One withdrawal as it goes to the bank: a credit transfer to a Danish account (reg. no. + account no.). */
public record Transfer(String endToEndId, long amountOre, String creditorName, String regNo, String accountNo, String text) {

    /** The Danish BBAN: the 4-digit registration number and the account number left-padded with zeros to 10 digits. */
    public String bban() {
        return regNo + "0".repeat(Math.max(0, 10 - accountNo.length())) + accountNo;
    }
}
