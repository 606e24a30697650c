package dev.guard.term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The one scripted terminal of the tests: answers prompts from a script and records what it was
 * asked and shown. The answer {@link #CTRL_C} is the operator pressing Ctrl-C at that prompt; an
 * answer ending in it is given, then Ctrl-C pressed. A {@link #strict} terminal also fails the test
 * on a question it should never be asked (any question without a terminal, any secret).
 */
public final class ScriptedTerminal implements Terminal {
    public static final String CTRL_C = "\u0003";

    public final Deque<String> answers = new ArrayDeque<>();
    public final List<String> prompts = new ArrayList<>();
    public final List<String> printed = new ArrayList<>();
    public final List<String> secretPrompts = new ArrayList<>();
    /** Run at each question, before it is answered (a Ctrl-C pressed while the operator reads it). */
    public Runnable onRead = () -> {};

    private final boolean interactive;
    private boolean strict;

    public ScriptedTerminal(boolean interactive, String... answers) {
        this.interactive = interactive;
        this.answers.addAll(List.of(answers));
    }

    /** A terminal that must never be asked a secret, nor anything at all when it is not interactive. */
    public static ScriptedTerminal strict(boolean interactive, String... answers) {
        ScriptedTerminal t = new ScriptedTerminal(interactive, answers);
        t.strict = true;
        return t;
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public Optional<String> readLine(String prompt) {
        if (strict && !interactive) {
            throw new AssertionError("no question without a terminal: " + prompt);
        }
        prompts.add(prompt);
        onRead.run();
        return answer();
    }

    @Override
    public Optional<String> readSecret(String prompt) {
        if (strict) {
            throw new AssertionError("no secret is asked for: " + prompt);
        }
        prompts.add(prompt);
        secretPrompts.add(prompt);
        onRead.run();
        return answer();
    }

    private Optional<String> answer() {
        String next = answers.poll();
        if (CTRL_C.equals(next)) {
            throw new PromptCancelled();
        }
        if (next != null && next.endsWith(CTRL_C)) {
            // Ctrl-C just after the answer was given: the run goes on, and stops at its next check.
            CtrlC.press();
            return Optional.of(next.substring(0, next.length() - 1));
        }
        return Optional.ofNullable(next);
    }

    @Override
    public void println(String line) {
        printed.add(line);
    }
}
