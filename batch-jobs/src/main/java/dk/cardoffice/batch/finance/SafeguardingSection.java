package dk.cardoffice.batch.finance;

import java.util.List;

import dk.cardoffice.ledger.SystemAccount;

/**
 * Whether the money held for parents is covered at the end of the day: what must be safeguarded (the e-money
 * liability, withdrawals on their way to the bank, unallocated money in suspense) against the funds that cover it
 * (the client-funds bank account and the acquirers' receivables in transit, less what is owed to the canteen and club
 * operators). Figures from the ledger's movements; the bank account is as booked, not as the bank's statement says.
 * The ledger signs every account money in − money out, so what the scheme holds (bank, receivables) is negative there
 * and shown here with its sign turned.
 */
final class SafeguardingSection {

    static final String SHORTFALL = "SHORTFALL";

    private SafeguardingSection() {
    }

    static ReportSection build(ReportDay day, LedgerBalances atEnd) {
        ReportTable table = new ReportTable("Safeguarding " + day.date(), ReportTable.text("line"), ReportTable.amount("amount"),
                ReportTable.text("status"));
        long liability = atEnd.memberLiability();
        long clearing = atEnd.ofOwn(SystemAccount.PAYOUT_CLEARING.accountNo());
        long suspense = Math.max(0, atEnd.ofOwn(SystemAccount.SUSPENSE.accountNo()));
        long toSafeguard = liability + clearing + suspense;
        table.row("E-money liability (member balances)", liability, null);
        table.row("Withdrawals in payout clearing (owed to parents until the bank pays)", clearing, null);
        table.row("Unallocated money in suspense", suspense, null);
        table.row("To be safeguarded", toSafeguard, null);

        long bank = -atEnd.ofOwn(SystemAccount.CLIENT_FUNDS_BANK.accountNo());
        long worldline = -atEnd.ofOwn(SystemAccount.ACQUIRER_WORLDLINE.accountNo());
        long nets = -atEnd.ofOwn(SystemAccount.ACQUIRER_NETS.accountNo());
        long operators = atEnd.ofOwnStartingWith("SALES-");
        long funds = bank + worldline + nets - operators;
        table.row("Client-funds bank account (as booked)", bank, null);
        table.row("Receivable from Worldline (top-ups not yet settled)", worldline, null);
        table.row("Receivable from Nets (top-ups not yet settled)", nets, null);
        table.row("Less owed to canteen and club operators (sales payable)", -operators, null);
        table.row("Funds covering the e-money", funds, null);
        long cover = funds - toSafeguard;
        table.row(cover >= 0 ? "Covered, with a surplus of" : "Shortfall", cover, cover >= 0 ? SummarySection.OK : SHORTFALL);
        return new ReportSection("safeguarding", "Safeguarding", List.of(table));
    }
}
