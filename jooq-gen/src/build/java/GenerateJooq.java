import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build-time pipeline of the jooq-gen module: a throw-away embedded PostgreSQL, Flyway applies the
 * migrations module, jOOQ reads the resulting schema. Run by exec-maven-plugin as a single-file
 * program so that the pipeline itself never ends up on anyone's class path.
 *
 * <p>Arguments: the output source directory, a scratch directory for the database.
 */
public class GenerateJooq {
    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        Files.createDirectories(scratch);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(scratch.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", "postgres")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            new GenerationTool()
                    .run(new Configuration()
                            .withJdbc(new Jdbc()
                                    .withDriver("org.postgresql.Driver")
                                    .withUrl(url)
                                    .withUser("postgres")
                                    .withPassword("postgres"))
                            .withGenerator(new Generator()
                                    .withDatabase(new Database()
                                            .withName("org.jooq.meta.postgres.PostgresDatabase")
                                            .withInputSchema("public")
                                            .withOutputSchemaToDefault(true)
                                            .withExcludes("flyway_schema_history|sb_.*|sip_numbers_.*")
                                            .withForcedTypes(new ForcedType()
                                                    .withName("INSTANT")
                                                    .withIncludeTypes("timestamptz|timestamp with time zone")))
                                    .withGenerate(new Generate()
                                            .withJavaTimeTypes(true)
                                            .withRecords(true)
                                            .withPojos(false)
                                            .withDaos(false)
                                            .withRoutines(false)
                                            .withGeneratedAnnotation(false)
                                            .withComments(true))
                                    .withTarget(new Target()
                                            .withPackageName("com.switchboard.db")
                                            .withDirectory(output.toString())
                                            .withClean(true))));
        }
    }
}
