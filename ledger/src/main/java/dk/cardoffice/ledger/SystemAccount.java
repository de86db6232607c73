package dk.cardoffice.ledger;

/** The scheme's own ledger accounts, created by the first migration (sales payable come per institution). */
public enum SystemAccount {
    ACQUIRER_WORLDLINE("ACQ-WORLDLINE"),
    ACQUIRER_NETS("ACQ-NETS"),
    CLIENT_FUNDS_BANK("BANK-CLIENT-FUNDS"),
    FEE_EXPENSE("FEE-EXPENSE"),
    CARD_FEE_INCOME("CARD-FEE-INCOME"),
    PAYOUT_CLEARING("PAYOUT-CLEARING"),
    SUSPENSE("SUSPENSE");

    private final String accountNo;

    SystemAccount(String accountNo) {
        this.accountNo = accountNo;
    }

    public String accountNo() {
        return accountNo;
    }
}
