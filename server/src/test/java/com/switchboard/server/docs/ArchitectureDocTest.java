package com.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.CallSearchAttributes;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md stays true where the code can tell: every module of the reactor is in its
 * module table, and the task queues, workflow ids and search attributes it names are the ones the
 * code builds. The README points at it, inside the repository.
 */
class ArchitectureDocTest {
    private static final Path ROOT = root();
    private static final String DOC = read(ROOT.resolve("docs/architecture.md"));

    @Test
    void everyModuleOfTheReactorIsInTheModuleTable() {
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        int count = 0;
        while (modules.find()) {
            assertThat(DOC).as("docs/architecture.md's module table").contains("| `" + modules.group(1) + "` |");
            count++;
        }
        assertThat(count).isGreaterThan(5);
    }

    @Test
    void theTemporalLayoutNamesTheQueuesIdsAndSearchAttributesTheCodeBuilds() {
        assertThat(DOC)
                .contains("`" + TaskQueues.CALLS + "`")
                .contains("`" + TaskQueues.LINES + "`")
                .contains("`" + TaskQueues.AGENT_SESSIONS + "`")
                .contains("`" + TaskQueues.agentSessions("pool").replace("pool", "<pool>") + "`")
                .contains("`" + WorkflowIds.call("<roomName>") + "`")
                .contains("`" + WorkflowIds.lines(7).replace("7", "<organizationId>") + "`");
        List<String> attributes = CallSearchAttributes.ALL.stream()
                .map(SearchAttributeKey::getName)
                .toList();
        for (String attribute : attributes) {
            assertThat(DOC).contains("`" + attribute + "`");
        }
    }

    @Test
    void theReadmePointsAtTheMapInTheRepository() {
        String readme = read(ROOT.resolve("README.md"));
        assertThat(readme).contains("docs/architecture.md").doesNotContain("../shared/");
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "docs/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
