package dev.guard.audit;

import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.error.ExitCode;
import dev.guard.lock.Owner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run records, one record per kind of line in the audit log. Each knows its line: the event
 * name and its fields in the order they are written ({@link AuditLog} adds time, run and prev).
 * Fields are plain values (ARNs, ids, states, decisions), never a secret or an MFA code.
 */
public sealed interface AuditEvent {
    /** The {@code event} of the line. */
    String name();

    /** The fields after {@code time}, {@code run} and {@code event}, in order. */
    Map<String, Object> fields();

    /** Fields in the order given, as name, value, name, value…; a value may be null (written as null). */
    static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /**
     * A run begins, once the caller is known. {@code owner} names the process, so a run that never
     * ends can be told from one still running.
     */
    record RunStart(
            String mode,
            String runbook,
            String file,
            String sha256,
            Map<String, String> parameters,
            String caller,
            String credentials,
            String endpoint,
            Owner owner)
            implements AuditEvent {
        @Override
        public String name() {
            return "run.start";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "mode", mode,
                    "runbook", runbook,
                    "file", file,
                    "sha256", sha256,
                    "parameters", parameters,
                    "caller", caller,
                    "credentials", credentials,
                    "endpoint", endpoint,
                    "pid", owner.pid(),
                    "host", owner.host(),
                    "processStart", owner.processStart().map(Object::toString).orElse(null));
        }
    }

    /**
     * The run applies a saved plan (written right after its {@code run.start}): which plan, by its
     * id and the digest approvals name, and who approved it (empty: confirmed as a run is).
     *
     * @param resumed whether it resumes an apply of the same plan that was killed or interrupted
     */
    record ApplyStart(String planId, String digest, String file, boolean resumed, List<String> approvers)
            implements AuditEvent {
        @Override
        public String name() {
            return "apply.start";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "plan", planId,
                    "digest", digest,
                    "file", file,
                    "resumed", resumed,
                    "approvers", approvers);
        }
    }

    /** An earlier run found started and never ended (killed): noted once, by the next run. */
    record Interrupted(String interruptedRun, String runbook, int lastLine, String lastEvent) implements AuditEvent {
        @Override
        public String name() {
            return AuditLog.INTERRUPTED;
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "interruptedRun", interruptedRun,
                    "runbook", runbook,
                    "lastLine", lastLine,
                    "lastEvent", lastEvent);
        }
    }

    /** One STS session the run holds: how it was obtained, and until when (empty: unknown). */
    record Session(String how, Optional<String> expires) {}

    /** The sessions obtained for the run, in the order they were obtained. */
    record Credentials(String mfaDevice, List<Session> sessions) implements AuditEvent {
        @Override
        public String name() {
            return "credentials";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mfaDevice", mfaDevice);
            m.put(
                    "sessions",
                    sessions.stream()
                            .map(s -> {
                                Map<String, Object> one = new LinkedHashMap<>();
                                one.put("how", s.how());
                                one.put("expires", s.expires().orElse(""));
                                return one;
                            })
                            .toList());
            return m;
        }
    }

    /**
     * A step's targets as discovered, with the guards' refusals; {@code alreadyDone} (the targets
     * already in the end state) is written only when there are some.
     */
    record Targets(
            String step,
            String action,
            String account,
            String region,
            List<Target> targets,
            List<String> refusals,
            List<String> alreadyDone)
            implements AuditEvent {
        @Override
        public String name() {
            return "targets";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", step);
            m.put("action", action);
            m.put("account", account);
            m.put("region", region);
            m.put(
                    "targets",
                    targets.stream()
                            .map(t -> {
                                Map<String, Object> one = new LinkedHashMap<>();
                                one.put("id", t.id());
                                one.put("state", t.state().orElse(null));
                                return one;
                            })
                            .toList());
            m.put("refusals", refusals);
            if (!alreadyDone.isEmpty()) {
                m.put("alreadyDone", alreadyDone);
            }
            return m;
        }
    }

    /** What AWS said of a step under {@code --dry-run}: allowed, DENIED or not checked. */
    record DryRun(String step, String verdict, String detail) implements AuditEvent {
        @Override
        public String name() {
            return "dry-run";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "step", step,
                    "verdict", verdict,
                    "detail", detail);
        }
    }

    /**
     * A step's confirmation: what was asked ({@code typed}, {@code yes}, {@code none}), who could
     * answer, and the result ({@code accepted}, {@code declined}, {@code cancelled}).
     */
    record Confirmation(String step, String asked, String by, String result) implements AuditEvent {
        @Override
        public String name() {
            return "confirmation";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "step", step,
                    "asked", asked,
                    "by", by,
                    "result", result);
        }
    }

    /**
     * One batch of a step as AWS answered it, numbered from 1, written as it completes: a run
     * killed half-way still leaves what it did.
     */
    record Batch(String step, int batch, List<Outcome> outcomes) implements AuditEvent {
        @Override
        public String name() {
            return "outcomes";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "step", step,
                    "batch", batch,
                    "outcomes", Outcomes.encode(outcomes));
        }
    }

    /** A step's outcomes once it ended: every target, done, failed or skipped, with the reason. */
    record Outcomes(String step, List<Outcome> outcomes) implements AuditEvent {
        @Override
        public String name() {
            return "outcomes";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("step", step, "outcomes", encode(outcomes));
        }

        /** Outcomes as the log keeps them: id first (greppable, readable), status, detail. */
        static List<Map<String, Object>> encode(List<Outcome> outcomes) {
            return outcomes.stream()
                    .map(o -> {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("id", o.targetId());
                        one.put("status", o.status().name().toLowerCase(Locale.ROOT));
                        one.put("detail", o.detail());
                        return one;
                    })
                    .toList();
        }
    }

    /**
     * How a run ended: {@link RunEnd} when it reported, {@link Cancelled} or {@link Failed} when it
     * stopped before. All three are the log's {@code run.end}.
     */
    sealed interface Ending extends AuditEvent {
        @Override
        default String name() {
            return "run.end";
        }
    }

    /** The run reported: its exit code and summary; {@code cancelled} when it was stopped (130). */
    record RunEnd(int exitCode, String summary) implements Ending {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exitCode", exitCode);
            m.put("summary", summary);
            if (exitCode == ExitCode.INTERRUPTED) {
                m.put("cancelled", true);
            }
            return m;
        }
    }

    /** Cancelled at a prompt before the run reported (Ctrl-C at the MFA prompt): exit code 130. */
    record Cancelled(String summary) implements Ending {
        @Override
        public Map<String, Object> fields() {
            return ordered("exitCode", ExitCode.INTERRUPTED, "cancelled", true, "summary", summary);
        }
    }

    /** Stopped by an error before the run reported: its exit code and the operator's line. */
    record Failed(int exitCode, String error) implements Ending {
        @Override
        public Map<String, Object> fields() {
            return ordered(
                    "exitCode", exitCode,
                    "error", error);
        }
    }
}
