package dev.guard.cli;

import dev.guard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard version}: the same as {@code guard --version}, plus JSON. */
@Command(
        name = "version",
        description = "Print guard's version and the Java runtime it runs on.",
        footerHeading = "%nExamples:%n",
        footer = {"  guard version", "  guard version --output json"})
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /**
     * guard's version: the jar manifest's Implementation-Version, which the class loader already
     * read (class-data archives keep it, so the jar is never opened for it — a resource read would
     * open it, a few milliseconds of every start-up, as picocli asks for the version to build any
     * command); from version.properties when run from classes, as the tests do.
     */
    static String version() {
        String manifest = VersionCommand.class.getPackage().getImplementationVersion();
        if (manifest != null) {
            return manifest;
        }
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/guard/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    static String runtime() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    @Override
    public void run() {
        if (GuardCommand.globalOptions(spec.commandLine()).json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version());
            m.put("java", System.getProperty("java.version"));
            Json.write(spec.commandLine().getOut(), m);
            return;
        }
        spec.commandLine().getOut().println("guard " + version() + " — " + runtime());
    }

    /** Backs {@code guard --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"guard " + version() + " — " + runtime()};
        }
    }
}
