package dk.cardoffice.batch.sales;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four flags of a terminal sale (contract §4), the rules only: no database, no file. A flag never stops a
 * sale (the child had the food); it tells finance what to look at.
 * <ul>
 * <li>UNKNOWN_CARD: no card has that number (the sale goes to the suspense account);</li>
 * <li>BLOCKED_CARD: the card was blocked at the moment of the sale (now, or in a block period that has ended);</li>
 * <li>OVER_DAILY_LIMIT: the member's spend that Copenhagen day at that kind of institution passes the limit set for
 * it, counting what was posted that day before this sale; refunds lower the day's spend;</li>
 * <li>OVERDRAWN: the balance is below zero after the sale.</li>
 * </ul>
 * The last two are judged in file order against running figures: an instance holds the balances and the day's
 * spend before a chunk, and {@link #judge} moves them on sale by sale, as if the sales were posted one by one.
 */
final class SaleFlags {

    static final String UNKNOWN_CARD = "UNKNOWN_CARD";
    static final String BLOCKED_CARD = "BLOCKED_CARD";
    static final String OVER_DAILY_LIMIT = "OVER_DAILY_LIMIT";
    static final String OVERDRAWN = "OVERDRAWN";

    /** A card, whether it is blocked now (and since when), and the block periods that have ended ({from, to}). */
    record Card(long accountId, boolean blocked, OffsetDateTime blockedAt, List<OffsetDateTime[]> pastBlocks) {

        /** Was the card blocked at that moment? A block without a start time counts from the beginning. */
        boolean blockedAt(OffsetDateTime moment) {
            if (blocked && (blockedAt == null || !blockedAt.isAfter(moment))) {
                return true;
            }
            for (OffsetDateTime[] period : pastBlocks) {
                if ((period[0] == null || !period[0].isAfter(moment)) && period[1].isAfter(moment)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A member's spend on one Copenhagen day at one kind of institution (SCHOOL or CLUB). */
    record DayKey(long accountId, LocalDate day, String institutionType) {
    }

    /** UNKNOWN_CARD, BLOCKED_CARD, or null: what the card says about a sale at that moment. */
    static String ofCard(Card card, OffsetDateTime soldAt) {
        if (card == null) {
            return UNKNOWN_CARD;
        }
        return card.blockedAt(soldAt) ? BLOCKED_CARD : null;
    }

    private final Map<Long, Long> balances;
    private final Map<String, Long> limits;
    private final Map<DayKey, Long> spent;

    /**
     * @param balances member account → balance before the chunk
     * @param limits   "account id:institution type" → daily limit in øre (no entry: no limit)
     * @param spent    what each member spent per day and kind of institution before the chunk
     */
    SaleFlags(Map<Long, Long> balances, Map<String, Long> limits, Map<DayKey, Long> spent) {
        this.balances = new HashMap<>(balances);
        this.limits = limits;
        this.spent = new HashMap<>(spent);
    }

    /** OVER_DAILY_LIMIT and OVERDRAWN of the next sale of a member's card (in file order), moving the running figures on. */
    List<String> judge(long accountId, String institutionType, LocalDate day, boolean refund, long amountOre) {
        List<String> flags = new ArrayList<>(1);
        long memberDelta = refund ? amountOre : -amountOre;
        Long limit = limits.get(accountId + ":" + institutionType);
        if (limit != null) {
            long after = spent.merge(new DayKey(accountId, day, institutionType), -memberDelta, Math::addExact);
            if (!refund && after > limit) {
                flags.add(OVER_DAILY_LIMIT);
            }
        }
        Long before = balances.get(accountId);
        if (before == null) {
            throw new IllegalArgumentException("no balance of account " + accountId + " was read before its sales were judged");
        }
        long balance = Math.addExact(before, memberDelta);
        balances.put(accountId, balance);
        if (!refund && amountOre > 0 && balance < 0) {
            flags.add(OVERDRAWN);
        }
        return flags;
    }
}
