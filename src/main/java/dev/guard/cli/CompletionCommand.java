package dev.guard.cli;

import dev.guard.error.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code guard completion}: a shell completion script — picocli's for bash and zsh, guard's own
 * ({@link FishCompletion}) for fish.
 */
@Command(
        name = "completion",
        description = "Print a completion script for bash, zsh or fish.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(guard completion bash)          # in ~/.bashrc",
            "  source <(guard completion zsh)           # in ~/.zshrc (uses bashcompinit)",
            "  guard completion fish > ~/.config/fish/completions/guard.fish"
        })
final class CompletionCommand implements Callable<Integer> {
    /** Shells the script supports. */
    enum Shell {
        bash,
        zsh,
        fish
    }

    @Parameters(arity = "0..1", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES} (default: bash)")
    Shell shell = Shell.bash;

    @Spec
    CommandSpec spec;

    private final Context context;

    CompletionCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // The whole tree, whatever this process registered to run this command.
        CommandLine tree = Main.commandLine(context);
        if (shell == Shell.fish) {
            spec.commandLine().getOut().print(FishCompletion.script("guard", tree));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
        String script = AutoComplete.bash("guard", tree);
        if (shell == Shell.zsh) {
            // picocli's script defines bash functions; zsh runs them through bashcompinit.
            String setup = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n";
            int firstLine = script.startsWith("#!") ? script.indexOf('\n') + 1 : 0;
            script = script.substring(0, firstLine) + setup + script.substring(firstLine);
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
