package dk.cardoffice.batch.testing.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Crashes injected from the test side (as Spring Batch's samples do with an exception-throwing
 * reader proxy): beans of the production context are wrapped in a proxy that, at a named seam, throws
 * ({@link Action#THROW}, in-process restart tests) or writes a marker file and hangs
 * ({@link Action#PAUSE}, so a test can kill the real process with SIGKILL exactly there). Production
 * code has no hook: this class is only on a test classpath (or on {@code loader.path} of a process a
 * test starts), registered by {@link CrashInjectionAutoConfiguration}.
 */
public class CrashInjection implements BeanPostProcessor {

    public enum Action { THROW, PAUSE }

    /** Where a seam sits: a bean's method, before or after it runs, for calls whose arguments match. */
    public record Seam(String bean, String method, boolean after, Predicate<Object[]> when) {
    }

    /** Every named crash point of the pipelines. */
    public static final Map<String, Seam> SEAMS = Map.ofEntries(
            Map.entry("intake.claimed", new Seam("fileRegistry", "claim", true, args -> true)),
            Map.entry("intake.moved", new Seam("inboundFolders", "moveTo", true, args -> true)),
            Map.entry("intake.archived", new Seam("fileRegistry", "archived", true, args -> true)),
            // after Spring Batch saved a file's job as ended, before its listener records the outcome
            Map.entry("intake.outcome-recorded", new Seam("fileRegistry", "recordOutcome", false,
                    args -> args[2] == dk.cardoffice.batch.intake.FileRegistry.Status.PROCESSED)),
            Map.entry("sales-posting.chunk-posted", new Seam("salePostingWriter", "write", true, args -> true)),
            Map.entry("sales-posting.receipt-written", new Seam("salesReceiptWriter", "execute", true, args -> true)),
            Map.entry("settlement-reconciliation.chunk-posted", new Seam("settlementReconciler", "write", true, args -> true)),
            Map.entry("enrolment-import.chunk-staged", new Seam("stagedLineWriter", "write", true, args -> true)),
            Map.entry("enrolment-import.chunk-applied", new Seam("enrolmentApplier", "write", true, args -> true)),
            Map.entry("card-order-export.tmp-written", new Seam("cardOrderExportStates", "mark", false, args -> "WRITING".equals(args[1]))),
            Map.entry("card-order-export.published", new Seam("cardOrderExportStates", "mark", false, args -> "WRITTEN".equals(args[1]))),
            Map.entry("payout-run.claimed", new Seam("payoutFilePublisher", "execute", false, args -> true)),
            Map.entry("payout-run.published", new Seam("payoutFiles", "markWritten", false, args -> true)),
            Map.entry("bank-status-import.chunk-applied", new Seam("bankStatusWriter", "write", true, args -> true)),
            Map.entry("statements.chunk-queued", new Seam("statementWriter", "write", true, args -> true)),
            Map.entry("finance-report.written", new Seam("financeReportWriter", "execute", true, args -> true)),
            Map.entry("mail.sent", new Seam("mailOutbox", "delivered", false, args -> !((java.util.List<?>) args[0]).isEmpty())));

    private final Map<String, Integer> armed = new ConcurrentHashMap<>();
    private final Action action;
    private final Path marker;

    public CrashInjection(Action action, Path marker) {
        this.action = action;
        this.marker = marker;
    }

    /** The {@code afterPasses + 1}-th time {@code point} is reached, the crash happens. */
    public void arm(String point, int afterPasses) {
        if (!SEAMS.containsKey(point)) {
            throw new IllegalArgumentException("no crash point " + point + "; known: " + SEAMS.keySet());
        }
        armed.put(point, afterPasses);
    }

    public void disarmAll() {
        armed.clear();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        String name = beanName.startsWith("scopedTarget.") ? beanName.substring("scopedTarget.".length()) : beanName;
        List<Map.Entry<String, Seam>> seams = SEAMS.entrySet().stream().filter(e -> e.getValue().bean().equals(name)).toList();
        if (seams.isEmpty() || bean instanceof org.springframework.aop.scope.ScopedObject) {
            return bean; // a step-scoped bean's scope proxy: its target is wrapped instead
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(!name.equals("cardofficeMailSender")); // the others are injected by their class
        proxy.addAdvice((MethodInterceptor) invocation -> {
            String method = invocation.getMethod().getName();
            Object[] args = invocation.getArguments();
            for (Map.Entry<String, Seam> seam : seams) {
                if (!seam.getValue().after() && seam.getValue().method().equals(method) && seam.getValue().when().test(args)) {
                    reached(seam.getKey());
                }
            }
            Object result = invocation.proceed();
            for (Map.Entry<String, Seam> seam : seams) {
                if (seam.getValue().after() && seam.getValue().method().equals(method) && seam.getValue().when().test(args)) {
                    reached(seam.getKey());
                }
            }
            return result;
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }

    private void reached(String point) {
        Integer remaining = armed.computeIfPresent(point, (p, n) -> n - 1);
        if (remaining == null || remaining >= 0) {
            return;
        }
        armed.remove(point);
        if (action == Action.THROW) {
            throw new SimulatedCrash(point);
        }
        try {
            Files.writeString(marker, point, StandardCharsets.UTF_8);
            while (true) {
                Thread.sleep(60_000); // until the test kills the process
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatedCrash(point);
        }
    }

    /** The exception a simulated crash throws. */
    public static class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(String point) {
            super("simulated crash at " + point);
        }
    }
}
