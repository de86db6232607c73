package dk.cardoffice.batch.finance;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the children bought at each school and club — sales, refunds and the net owed to its operator — on the day and
 * month to date, from the SALE and REFUND movements booked in those periods (flagged sales included: the operator
 * handed the goods over).
 */
final class SalesByInstitutionSection {

    private SalesByInstitutionSection() {
    }

    static ReportSection build(JdbcTemplate jdbc, ReportDay day) {
        ReportTable table = new ReportTable("Sales by institution " + day.date(), ReportTable.text("institution_no"), ReportTable.text("institution"),
                ReportTable.text("type"), ReportTable.count("sales_day"), ReportTable.amount("sales_amount_day"), ReportTable.amount("refunds_day"),
                ReportTable.amount("net_owed_day"), ReportTable.amount("sales_month_to_date"), ReportTable.amount("refunds_month_to_date"),
                ReportTable.amount("net_owed_month_to_date"));
        long[] total = new long[7];
        jdbc.query("""
                select s.institution_no, coalesce(i.name, ''), coalesce(i.type, ''), s.sales_day, s.sales_amount_day, s.refunds_day, s.sales_month, s.refunds_month
                from (select institution_no,
                             sum(case when type = 'SALE' and booked_at >= ? then 1 else 0 end) as sales_day,
                             sum(case when type = 'SALE' and booked_at >= ? then amount else 0 end) as sales_amount_day,
                             sum(case when type = 'REFUND' and booked_at >= ? then amount else 0 end) as refunds_day,
                             sum(case when type = 'SALE' then amount else 0 end) as sales_month,
                             sum(case when type = 'REFUND' then amount else 0 end) as refunds_month
                      from movement where key_space = 'SALE' and booked_at >= ? and booked_at < ?
                      group by institution_no) s
                left join institution i on i.institution_no = s.institution_no
                order by s.institution_no""", rs -> {
            long salesDay = rs.getLong(5);
            long refundsDay = rs.getLong(6);
            long salesMonth = rs.getLong(7);
            long refundsMonth = rs.getLong(8);
            table.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), salesDay, refundsDay, salesDay - refundsDay, salesMonth,
                    refundsMonth, salesMonth - refundsMonth);
            long[] row = {rs.getLong(4), salesDay, refundsDay, salesDay - refundsDay, salesMonth, refundsMonth, salesMonth - refundsMonth};
            for (int i = 0; i < total.length; i++) {
                total[i] += row[i];
            }
        }, Timestamp.from(day.start()), Timestamp.from(day.start()), Timestamp.from(day.start()), Timestamp.from(day.monthStart()),
                Timestamp.from(day.end()));
        table.row("Total", null, null, total[0], total[1], total[2], total[3], total[4], total[5], total[6]);
        return new ReportSection("sales-by-institution", "Sales by institution", List.of(table));
    }
}
