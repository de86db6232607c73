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

    /** The receivable a top-up captured by this acquirer is posted against; any other acquirer is refused. */
    public static SystemAccount receivableOf(String acquirer) {
        return switch (acquirer == null ? "" : acquirer) {
            case "WORLDLINE" -> ACQUIRER_WORLDLINE;
            case "NETS" -> ACQUIRER_NETS;
            default -> throw new IllegalArgumentException("acquirer '" + acquirer + "' is neither WORLDLINE nor NETS: there is no receivable to post it against");
        };
    }
}
