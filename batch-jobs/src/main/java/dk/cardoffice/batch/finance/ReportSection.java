package dk.cardoffice.batch.finance;

import java.util.List;

/**
 * A section of the daily report: {@code daily_<date>_<name>.csv} and the sheet {@code sheet} of {@code daily_<date>.xlsx}
 * (contract §13). Most sections are one table; settlement has its payouts and then its exception lines.
 */
public record ReportSection(String name, String sheet, List<ReportTable> tables) {
}
