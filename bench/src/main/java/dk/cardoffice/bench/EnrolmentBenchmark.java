package dk.cardoffice.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dk.cardoffice.batch.enrolment.EnrolmentImportJobConfig;
import dk.cardoffice.batch.launch.JobStarter;
import dk.cardoffice.ledger.LedgerSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Generates a snapshot of N pupils (default 100,000) and a second one with 5 % changes (2 % class
 * changes, 1 % new names, 1 % leavers, 1 % newcomers), imports both on PostgreSQL and on H2 and
 * prints pupils/s and peak heap. Target (issue 3): 100,000 in under 30 s and the changed snapshot in
 * under 15 s on PostgreSQL, with -Xmx512m.
 */
public final class EnrolmentBenchmark {

    private EnrolmentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pupils = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String databases = args.length > 1 ? args[1] : "postgresql,h2";
        Path work = Files.createTempDirectory("cardoffice-bench");
        Path first = work.resolve("enrolment_100001_20261114061500.csv");
        Path second = work.resolve("enrolment_100001_20261121061500.csv");
        generate(first, pupils, false);
        generate(second, pupils, true);
        System.out.printf("enrolment benchmark: %,d pupils, second snapshot with 5 %% changes; max heap %d MiB; files in %s%n",
                pupils, Measure.maxHeapMib(), work);

        if (databases.contains("postgresql")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
            if (System.getProperty("bench.slowStatementMillis") != null) {
                builder.setServerConfig("log_min_duration_statement", System.getProperty("bench.slowStatementMillis"));
            }
            try (EmbeddedPostgres postgres = builder.start()) {
            run("PostgreSQL", postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true", "postgres", "postgres", work,
                        first, second, pupils);
            }
        }
        if (databases.contains("h2")) {
            run("H2", "jdbc:h2:file:" + work.resolve("h2/cardoffice") + LedgerSchema.H2_URL_OPTIONS, "sa", "",
                    work, first, second, pupils);
        }
    }

    private static void run(String database, String url, String user, String password, Path work, Path first, Path second, int pupils)
            throws Exception {
        SpringApplication application = new SpringApplication(BenchApplication.class);
        try (ConfigurableApplicationContext context = application.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--cardoffice.home=" + work.resolve("home-" + database),
                "--cardoffice.enrolment.chunk-size=" + System.getProperty("bench.chunkSize", "5000"))) {
            JobStarter jobs = context.getBean(JobStarter.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            JobRepository repository = context.getBean(JobRepository.class);
            List<Path> archived = BenchFiles.intoArchive(work.resolve("home-" + database), "enrolment", "bench", List.of(first, second), false);
            measure(database, "first snapshot  ", jobs, repository, archived.get(0), pupils);
            measure(database, "changed snapshot", jobs, repository, archived.get(1), pupils);
            System.out.printf("  %-10s check: %,d members, %,d active enrolments, %,d card orders%n", database,
                    jdbc.queryForObject("select count(*) from member", Long.class),
                    jdbc.queryForObject("select count(*) from enrolment where active_flag = true", Long.class),
                    jdbc.queryForObject("select count(*) from card_order", Long.class));
        }
    }

    private static void measure(String database, String what, JobStarter jobs, JobRepository repository, Path file, int pupils)
            throws InterruptedException {
        Measure.resetPeakHeap();
        long start = System.nanoTime();
        JobExecution execution = jobs.awaitEnd(jobs.start(EnrolmentImportJobConfig.JOB_NAME, Map.of("file", file.toString())), Duration.ofHours(1));
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = Measure.peakHeapMib();
        long exportStart = System.nanoTime();
        while (!repository.findRunningJobExecutions("card-order-export").isEmpty()) {
            Thread.sleep(20);
        }
        double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
        System.out.printf("  %-10s %s %s  %6.1f s  %,8.0f pupils/s  peak heap %d MiB  (card-order-export after it: %.1f s more)%n", database, what,
                execution.getExitStatus().getExitCode(), seconds, pupils / seconds, peak, exportSeconds);
        StringBuilder steps = new StringBuilder("             steps:");
        execution.getStepExecutions().stream().sorted(java.util.Comparator.comparing(s -> s.getId())).forEach(s -> steps.append(String.format(" %s %.1f s;",
                s.getStepName(), Duration.between(s.getStartTime(), s.getEndTime()).toMillis() / 1000.0)));
        System.out.println(steps);
    }

    /** Streams the snapshot to disk; the changed one is the same roster with 5 % of it changed. */
    static void generate(Path file, int pupils, boolean changed) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("institution_no;institution_name;institution_type;pupil_id;cpr;first_name;last_name;class;start_date;end_date;"
                    + "guardian1_cpr;guardian1_name;guardian1_email;guardian2_cpr;guardian2_name;guardian2_email\r\n");
            for (int n = 0; n < pupils; n++) {
                int roll = random.nextInt(100);
                if (changed && roll == 0) {
                    continue; // 1 % left
                }
                String className = (n % 10) + "." + (char) ('A' + n % 4);
                String lastName = "Ærøsen" + (n % 5000);
                if (changed && (roll == 1 || roll == 2)) {
                    className = (n % 10) + ".X"; // 2 % changed class
                }
                if (changed && roll == 3) {
                    lastName = "Østergård" + (n % 5000); // 1 % new name
                }
                write(out, n, className, lastName);
            }
            if (changed) {
                for (int n = pupils; n < pupils + pupils / 100; n++) {
                    write(out, n, "0.A", "Nyborg" + n % 100); // 1 % new
                }
            }
        }
    }

    private static void write(BufferedWriter out, int n, String className, String lastName) throws IOException {
        out.write("100001;Benchmark Skole;SCHOOL;B-" + n + ";" + cpr(n) + ";Søren;" + lastName + ";" + className + ";2024-08-12;;"
                + guardianCpr(n) + ";Forælder " + lastName + ";f" + n + "@example.dk;;;\r\n");
    }

    private static String cpr(int n) {
        LocalDate born = LocalDate.of(2010, 1, 1).plusDays(n % 3000);
        return String.format("%02d%02d%02d-%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100, 4000 + n / 3000);
    }

    private static String guardianCpr(int n) {
        LocalDate born = LocalDate.of(1975, 1, 1).plusDays(n % 5000);
        return String.format("%02d%02d%02d-%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100, 1000 + n / 5000);
    }
}
