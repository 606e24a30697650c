package dev.guard.cli;

import java.util.List;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/**
 * The field behind one option or parameter of a command whose picocli model is built in code
 * ({@link CommandSpecs}, {@link PlanSpec}), read and written without reflection and without a lambda
 * per option: JDK 17 links each lambda the first time it runs, ~60 µs of start-up apiece. Its owner
 * (the object holding the field) and the option's name say which field; a name with no field here
 * fails the first parse that sets or reads it (PlanSpecTest and the CLI tests set every one).
 */
final class OptionField implements IGetter, ISetter {
    private final Object owner;
    private final String option;

    OptionField(Object owner, String option) {
        this.owner = owner;
        this.option = option;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
        return (T) value();
    }

    @Override
    public <T> T set(T value) {
        T old = get();
        if (owner instanceof GlobalOptions g) {
            assign(g, value);
        } else if (owner instanceof ConnectionOptions c) {
            assign(c, value);
        } else if (owner instanceof PlanCommand p) {
            assign(p, value);
        } else if (owner instanceof RunbookOptions r) {
            assign(r, value);
        } else if (owner instanceof ValidateCommand v) {
            v.paths = strings(value);
        } else {
            ((FileOptions) owner).allowFilesFrom = strings(value);
        }
        return old;
    }

    /** The field's current value (also the option's initial value in the model). */
    Object value() {
        if (owner instanceof GlobalOptions g) {
            return value(g);
        }
        if (owner instanceof ConnectionOptions c) {
            return value(c);
        }
        if (owner instanceof PlanCommand p) {
            return switch (option) {
                case "--live" -> p.live;
                case "-o" -> p.savedPlan;
                case "--expires-in" -> p.expiresIn;
                default -> throw unknown();
            };
        }
        if (owner instanceof RunbookOptions r) {
            return switch (option) {
                case "RUNBOOK" -> r.runbook;
                case "--param" -> r.params;
                case "--params-file" -> r.paramsFile;
                default -> throw unknown();
            };
        }
        if (owner instanceof ValidateCommand v) {
            return v.paths;
        }
        return ((FileOptions) owner).allowFilesFrom;
    }

    private Object value(GlobalOptions g) {
        return switch (option) {
            case "--debug" -> g.debug;
            case "--output" -> g.output;
            case "--no-color" -> g.noColor;
            case "--config" -> g.config;
            case "--quiet" -> g.quiet;
            case "--log-format" -> g.logFormat;
            default -> throw unknown();
        };
    }

    private Object value(ConnectionOptions c) {
        return switch (option) {
            case "--sandbox" -> c.sandbox;
            case "--sandbox-user" -> c.sandboxUser;
            case "--sandbox-seed" -> c.sandboxSeed;
            case "--sandbox-accounts" -> c.sandboxAccounts;
            case "--speed" -> c.sandboxSpeed;
            case "--profile" -> c.profile;
            case "--endpoint-url" -> c.endpointUrl;
            case "--mfa-code" -> c.mfaCode;
            case "--mfa-command" -> c.mfaCommand;
            case "--no-session-cache" -> c.noSessionCache;
            default -> throw unknown();
        };
    }

    private void assign(GlobalOptions g, Object value) {
        switch (option) {
            case "--debug" -> g.debug = (Boolean) value;
            case "--output" -> g.output = (GlobalOptions.Format) value;
            case "--no-color" -> g.noColor = (Boolean) value;
            case "--config" -> g.config = (String) value;
            case "--quiet" -> g.quiet = (Boolean) value;
            case "--log-format" -> g.logFormat = (GlobalOptions.Format) value;
            default -> throw unknown();
        }
    }

    private void assign(ConnectionOptions c, Object value) {
        switch (option) {
            case "--sandbox" -> c.sandbox = (Boolean) value;
            case "--sandbox-user" -> c.sandboxUser = (String) value;
            case "--sandbox-seed" -> c.sandboxSeed = (String) value;
            case "--sandbox-accounts" -> c.sandboxAccounts = (Integer) value;
            case "--speed" -> c.sandboxSpeed = (String) value;
            case "--profile" -> c.profile = (String) value;
            case "--endpoint-url" -> c.endpointUrl = (String) value;
            case "--mfa-code" -> c.mfaCode = (String) value;
            case "--mfa-command" -> c.mfaCommand = (String) value;
            case "--no-session-cache" -> c.noSessionCache = (Boolean) value;
            default -> throw unknown();
        }
    }

    private void assign(PlanCommand p, Object value) {
        switch (option) {
            case "--live" -> p.live = (Boolean) value;
            case "-o" -> p.savedPlan = (String) value;
            case "--expires-in" -> p.expiresIn = (String) value;
            default -> throw unknown();
        }
    }

    private void assign(RunbookOptions r, Object value) {
        switch (option) {
            case "RUNBOOK" -> r.runbook = (String) value;
            case "--param" -> r.params = strings(value);
            case "--params-file" -> r.paramsFile = (String) value;
            default -> throw unknown();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    private IllegalStateException unknown() {
        return new IllegalStateException("no field for " + option);
    }
}
