package dk.cardoffice.batch.payouts;

/**
 * One status from a pain.002 report, in file order ({@code seq} from 1).
 *
 * <ul>
 * <li>{@code GROUP} / {@code PAYMENT}: the status the bank gave the whole file / its payment block, as reported;</li>
 * <li>{@code TRANSACTION}: one withdrawal's status, {@code effectiveStatus} already taking a group or payment RJCT
 * into account ("rejects everything under it");</li>
 * <li>{@code SWEEP}: at the end of the report, a decisive group or payment status applied to every withdrawal of the
 * file the report did not give a status of its own.</li>
 * </ul>
 */
public record BankStatus(int seq, Level level, String reportMsgId, String originalMsgId, String pmtInfId, String endToEndId, String status,
        String reasonCode, String reasonText, String effectiveStatus, String effectiveReasonCode, String effectiveReasonText, int line) {

    public enum Level { GROUP, PAYMENT, TRANSACTION, SWEEP }

    /** A status that ends a withdrawal's journey: accepted by the bank in some form, or rejected. */
    public static boolean isDecisive(String status) {
        return isAccepted(status) || "RJCT".equals(status);
    }

    public static boolean isAccepted(String status) {
        return "ACCP".equals(status) || "ACSC".equals(status) || "ACSP".equals(status) || "ACTC".equals(status);
    }
}
