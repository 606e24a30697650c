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

    static String version() {
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
