package dk.cardoffice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.MultiResourceItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.builder.MultiResourceItemReaderBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.launch.JobStarter;

/**
 * The comparison the sales benchmark prints: the same files through the Spring Batch job most teams would write —
 * FlatFileItemReader over every file, JdbcBatchItemWriter inserting each line into a table with a primary key,
 * chunks of 2,000 — with no duplicate check, no card lookup, no flags, no ledger, no balances.
 */
final class PlainInsertJob {

    private PlainInsertJob() {
    }

    /** Seconds to insert every line of the files. */
    static double run(ConfigurableApplicationContext context, List<Path> files) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        jdbc.execute("""
                create table bench_plain_line (id bigint generated always as identity primary key, terminal_id varchar(40), institution_no varchar(6),
                    sale_id varchar(60), sold_at varchar(19), card_number varchar(8), type varchar(6), item_code varchar(40), item_name varchar(100),
                    quantity integer, unit_price varchar(20))""");
        FlatFileItemReader<String[]> lines = new FlatFileItemReaderBuilder<String[]>().name("plain-lines").linesToSkip(1).comments("#")
                .lineMapper((line, number) -> line.split(";", -1)).build();
        MultiResourceItemReader<String[]> reader = new MultiResourceItemReaderBuilder<String[]>().name("plain-files")
                .resources(files.stream().map(FileSystemResource::new).toArray(Resource[]::new)).delegate(lines).build();
        JdbcBatchItemWriter<String[]> writer = new JdbcBatchItemWriterBuilder<String[]>().dataSource(context.getBean(DataSource.class))
                .sql("""
                        insert into bench_plain_line (terminal_id, institution_no, sale_id, sold_at, card_number, type, item_code, item_name, quantity,
                                                      unit_price) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .itemPreparedStatementSetter((f, ps) -> {
                    for (int i = 0; i < 10; i++) {
                        if (i == 8) {
                            ps.setInt(9, Integer.parseInt(f[8]));
                        } else {
                            ps.setString(i + 1, f[i]);
                        }
                    }
                }).build();
        writer.afterPropertiesSet();
        JobRepository repository = context.getBean(JobRepository.class);
        Job job = new JobBuilder("bench-plain-insert", repository)
                .start(new StepBuilder("insert-lines", repository).<String[], String[]>chunk(2000, context.getBean(PlatformTransactionManager.class))
                        .reader(reader).writer(writer).build())
                .build();
        long start = System.nanoTime();
        try {
            JobExecution execution = context.getBean(JobOperator.class).start(job, new JobParameters());
            JobExecution end = context.getBean(JobStarter.class).awaitEnd(execution.getId(), Duration.ofHours(1));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!end.getExitStatus().getExitCode().equals("COMPLETED")) {
                throw new IllegalStateException("the plain insert job ended " + end.getExitStatus());
            }
            long rows = jdbc.queryForObject("select count(*) from bench_plain_line", Long.class);
            System.out.printf("  plain insert job: %,d rows%n", rows);
            return seconds;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            jdbc.execute("drop table bench_plain_line");
        }
    }
}
