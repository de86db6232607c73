package dk.cardoffice.bench;

import java.util.Arrays;

/**
 * Benchmark commands (not part of the test run):
 * <pre>
 *   mvn -q -DskipTests package &amp;&amp; java -Xmx512m -jar bench/target/cardoffice-bench.jar enrolment [pupils]
 *   java -jar bench/target/cardoffice-bench.jar portal-load [seconds] [clients] [accounts]
 *   java -Xmx512m -jar bench/target/cardoffice-bench.jar sales [lines] [postgresql,h2]
 *   java -Xmx512m -jar bench/target/cardoffice-bench.jar settlement [lines] [postgresql,h2]
 *   java -jar bench/target/cardoffice-bench.jar statement [movements]
 *   java -Xmx256m -jar bench/target/cardoffice-bench.jar payouts [withdrawals] [postgresql,h2]
 *   java -Xmx512m -jar bench/target/cardoffice-bench.jar statements [accounts]
 *   java -Xmx512m -jar bench/target/cardoffice-bench.jar finance-report [accounts] [purchasesPerAccount]
 *   java -Xmx512m -jar bench/target/cardoffice-bench.jar smtp-floor [messages] [connections] [greenmail|sink] [built|raw]
 * </pre>
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "enrolment";
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (which) {
            case "enrolment" -> EnrolmentBenchmark.main(rest);
            case "portal-load" -> PortalLoadBenchmark.main(rest);
            case "sales" -> SalesBenchmark.main(rest);
            case "settlement" -> SettlementBenchmark.main(rest);
            case "statement" -> StatementBenchmark.main(rest);
            case "payouts" -> PayoutBenchmark.main(rest);
            case "statements" -> StatementMailBenchmark.main(rest);
            case "smtp-floor" -> SmtpFloorBenchmark.main(rest);
            case "finance-report" -> FinanceReportBenchmark.main(rest);
            default -> {
                System.err.println("unknown benchmark '" + which + "'; known: enrolment, portal-load, sales, settlement, statement, payouts, statements, smtp-floor, finance-report");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
