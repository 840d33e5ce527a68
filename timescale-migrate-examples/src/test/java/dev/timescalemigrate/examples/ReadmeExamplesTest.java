package dev.timescalemigrate.examples;

import dev.timescalemigrate.Migration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java example in the README compiles against the library's public API as it is: each block is put in a
 * method of its own whose parameters are the variables the examples take as given (a data source, passwords, a
 * logger), with imports of the public packages only.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static final String PREAMBLE = """
            import dev.timescalemigrate.*;
            import dev.timescalemigrate.event.*;
            import dev.timescalemigrate.exception.*;
            import dev.timescalemigrate.model.*;
            import dev.timescalemigrate.spi.*;
            import java.time.Duration;
            import java.util.List;
            import javax.sql.DataSource;

            @SuppressWarnings("unused")
            class ReadmeExamples {
            """;

    private static final String PARAMETERS = "DataSource dataSource, DataSource targetDataSource, "
            + "String sourcePassword, String targetPassword, org.slf4j.Logger log";

    static List<String> examples(String readme) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String classpath(Class<?>... types) throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : types) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The SLF4J API, found by name: this module does not read it, it only puts it on the examples' class path. */
    private static Class<?> slf4j() {
        try {
            return Class.forName("org.slf4j.Logger", false, ReadmeExamplesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldCompileEveryJavaExampleOfTheReadme() throws IOException, URISyntaxException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> blocks = examples(readme);
        assertThat(blocks).as("Java examples in README.md").hasSizeGreaterThanOrEqualTo(4);

        StringBuilder source = new StringBuilder(PREAMBLE);
        for (int i = 0; i < blocks.size(); i++) {
            source.append("    void example").append(i + 1).append('(').append(PARAMETERS).append(") {\n")
                    .append(blocks.get(i).indent(8)).append("    }\n\n");
        }
        source.append("}\n");

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        Path out = Files.createTempDirectory("readme-examples");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            JavaFileObject unit = new SimpleJavaFileObject(java.net.URI.create("string:///ReadmeExamples.java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            Boolean ok = compiler.getTask(diagnostics, files, null,
                    List.of("-d", out.toString(), "-proc:none",
                            "-classpath", classpath(Migration.class, slf4j())),
                    null, List.of(unit)).call();
            assertThat(ok).as("the README's examples compile:%n%s%n%s", diagnostics, source).isTrue();
        }
    }

    @Test
    void shouldFindEachFencedJavaBlock() {
        assertThat(examples("text\n```java\nint a = 1;\n```\nmore\n```sh\nls\n```\n```java\nint b;\n```\n"))
                .containsExactly("int a = 1;\n", "int b;\n");
    }
}
