package dk.cardoffice.batch.finance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

import dk.cardoffice.batch.support.OutboxFiles;

/**
 * {@code daily_<date>.xlsx}: one sheet per section with the same tables as the CSVs. Amounts are numbers in DKK with the
 * format {@code #,##0.00} (Excel shows 1.234,50 on a Danish machine), counts whole numbers, dates real dates; text is
 * always a text cell, never a formula, whatever it begins with. The first header row is frozen, columns are as wide as
 * their longest value, and the sales sheet has a chart of what each institution is owed for the day.
 */
final class ReportXlsx {

    private static final int MAX_WIDTH = 70;

    private ReportXlsx() {
    }

    static void write(Path target, List<ReportSection> sections) {
        // streamed: rows beyond the last 100 of a sheet go to a compressed temporary file, so a day with many exception rows
        // takes no more heap than a quiet one (a whole XSSF workbook keeps every cell as XML objects)
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = OutboxFiles.openTmp(target)) {
            workbook.setCompressTempFiles(true);
            Styles styles = new Styles(workbook);
            for (ReportSection section : sections) {
                SXSSFSheet sheet = workbook.createSheet(section.sheet());
                int[] widths = new int[32];
                int rowNo = 0;
                for (ReportTable table : section.tables()) {
                    if (rowNo > 0) {
                        rowNo++; // an empty row between tables
                    }
                    Row header = sheet.createRow(rowNo++);
                    for (int c = 0; c < table.columns().size(); c++) {
                        String name = table.columns().get(c).name();
                        Cell cell = header.createCell(c);
                        cell.setCellValue(name);
                        cell.setCellStyle(styles.header);
                        widths[c] = Math.max(widths[c], name.length());
                    }
                    for (List<Object> values : table.rows()) {
                        Row row = sheet.createRow(rowNo++);
                        for (int c = 0; c < values.size(); c++) {
                            widths[c] = Math.max(widths[c], put(row.createCell(c), table.columns().get(c).kind(), values.get(c), styles));
                        }
                    }
                }
                sheet.createFreezePane(0, 1);
                for (int c = 0; c < widths.length && widths[c] > 0; c++) {
                    sheet.setColumnWidth(c, (Math.min(widths[c], MAX_WIDTH) + 2) * 256);
                }
                if (section.name().equals("sales-by-institution")) {
                    chartOfNetOwed(workbook.getXSSFWorkbook().getSheet(section.sheet()), section.tables().get(0));
                }
            }
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        OutboxFiles.sync(target);
        OutboxFiles.publish(target);
    }

    /** Writes one value; returns how many characters wide it shows. */
    private static int put(Cell cell, ReportTable.Kind kind, Object value, Styles styles) {
        if (value == null) {
            return 0;
        }
        switch (kind) {
            case AMOUNT -> {
                long ore = (Long) value;
                cell.setCellValue(ore / 100.0); // øre → kroner for Excel only; every sum was made in øre
                cell.setCellStyle(styles.amount);
                return String.format("%,.2f", ore / 100.0).length();
            }
            case COUNT -> {
                cell.setCellValue(((Number) value).doubleValue());
                cell.setCellStyle(styles.count);
                return value.toString().length() + 1;
            }
            case DATE -> {
                cell.setCellValue((LocalDate) value);
                cell.setCellStyle(styles.date);
                return 10;
            }
            default -> {
                String text = value.toString();
                if (!text.isEmpty()) {
                    cell.setCellValue(text); // a text cell: Excel never runs it as a formula
                }
                return text.length();
            }
        }
    }

    /**
     * A column chart of the net owed to each institution's operator that day (the rows above the total), drawn on the
     * streamed sheet's underlying XSSF sheet: its values are given from the table (the streamed rows are not there to be
     * read back), and refer to the cells, so Excel redraws it from them.
     */
    private static void chartOfNetOwed(XSSFSheet sheet, ReportTable sales) {
        int institutions = sales.rows().size() - 1;
        if (institutions < 1) {
            return;
        }
        int nameColumn = sales.columns().indexOf(ReportTable.text("institution"));
        int netColumn = sales.columns().indexOf(ReportTable.amount("net_owed_day"));
        String[] nameValues = new String[institutions];
        Double[] netValues = new Double[institutions];
        for (int i = 0; i < institutions; i++) {
            nameValues[i] = String.valueOf(sales.rows().get(i).get(nameColumn));
            netValues[i] = (Long) sales.rows().get(i).get(netColumn) / 100.0;
        }
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        int top = institutions + 3;
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, top, 10, top + 20);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("Net owed to each institution's operator, " + sales.title().replace("Sales by institution ", ""));
        chart.setTitleOverlay(false);
        XDDFCategoryAxis institutionsAxis = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis kroner = chart.createValueAxis(AxisPosition.LEFT);
        kroner.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFDataSource<String> names = XDDFDataSourcesFactory.fromArray(nameValues,
                new CellRangeAddress(1, institutions, nameColumn, nameColumn).formatAsString(sheet.getSheetName(), true));
        XDDFNumericalDataSource<Double> net = XDDFDataSourcesFactory.fromArray(netValues,
                new CellRangeAddress(1, institutions, netColumn, netColumn).formatAsString(sheet.getSheetName(), true));
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, institutionsAxis, kroner);
        data.setBarDirection(BarDirection.COL);
        XDDFChartData.Series series = data.addSeries(names, net);
        series.setTitle("DKK", null);
        chart.plot(data);
    }

    private static final class Styles {

        final CellStyle header;
        final CellStyle amount;
        final CellStyle count;
        final CellStyle date;

        Styles(Workbook workbook) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            amount = workbook.createCellStyle();
            amount.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00"));
            count = workbook.createCellStyle();
            count.setDataFormat(workbook.createDataFormat().getFormat("#,##0"));
            date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("dd-mm-yyyy"));
        }
    }
}
