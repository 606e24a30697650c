package dev.guard.apply;

import dev.guard.audit.RunAudit;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import dev.guard.lock.Owner;
import dev.guard.lock.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What became of the applies of one saved plan: {@code $XDG_STATE_HOME/guard/applied/<digest
 * hex>.json} (0600, in a 0700 directory). Each attempt is recorded as it starts (pid, host, user,
 * time), every target it did as the step's outcomes come in, and how it ended. It is what refuses a
 * second apply of a plan that was applied, and what lets an interrupted one resume.
 */
final class AppliedRecord {
    /** The targets done by earlier attempts, with when. */
    interface Done {
        Optional<String> at(String step, String target);
    }

    /** What the record says of the plan, for the next apply. */
    enum Status {
        /** Never applied. */
        NEW,
        /** An apply is running now (or on another host: guard cannot tell). */
        RUNNING,
        /** The last apply was killed or interrupted, or stopped half-way: resume. */
        INTERRUPTED,
        /** An apply ran to its end (or failed in it): a new plan is needed. */
        APPLIED,
        /** Earlier attempts were refused before any change: apply as new. */
        REFUSED
    }

    private final Path file;
    private final Map<String, Object> doc;

    private AppliedRecord(Path file, Map<String, Object> doc) {
        this.file = file;
        this.doc = doc;
    }

    /** The record of the plan with this digest, or a new one (not yet written). */
    static AppliedRecord open(Path dir, String digest, String planId) {
        Path file = dir.resolve(digest.replaceFirst("^sha256:", "") + ".json");
        if (!Files.exists(file)) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("digest", digest);
            doc.put("plan", planId);
            doc.put("attempts", new ArrayList<Object>());
            doc.put("done", new LinkedHashMap<String, Object>());
            return new AppliedRecord(file, doc);
        }
        try {
            Map<String, Object> doc = new LinkedHashMap<>(JsonReader.parseObject(Files.readAllBytes(file)));
            doc.put("attempts", new ArrayList<>((List<?>) doc.getOrDefault("attempts", List.of())));
            Map<String, Object> done = new LinkedHashMap<>();
            ((Map<?, ?>) doc.getOrDefault("done", Map.of()))
                    .forEach((k, v) -> done.put((String) k, new LinkedHashMap<>((Map<?, ?>) v)));
            doc.put("done", done);
            return new AppliedRecord(file, doc);
        } catch (IOException | JsonException | ClassCastException | IllegalArgumentException e) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED,
                    file + ": the record of this plan's applies cannot be read (" + e.getMessage()
                            + "); look at it before applying again. Nothing was changed");
        }
    }

    Path file() {
        return file;
    }

    /** What the last attempt came to, its owner checked with the process table. */
    synchronized Status status() {
        Optional<Map<?, ?>> last = last();
        if (last.isEmpty()) {
            return Status.NEW;
        }
        Map<?, ?> a = last.get();
        if (a.get("endedAt") == null) {
            return owner(a).liveness() == Owner.Liveness.DEAD ? Status.INTERRUPTED : Status.RUNNING;
        }
        long exit = a.get("exitCode") instanceof Long l ? l : ExitCode.ACTION_FAILED;
        if (exit == ExitCode.OK || exit == ExitCode.ACTION_FAILED || exit == ExitCode.PARTIAL) {
            return Status.APPLIED;
        }
        return exit == ExitCode.INTERRUPTED || !done().isEmpty() ? Status.INTERRUPTED : Status.REFUSED;
    }

    /** Whether the last attempt never ended: its process was killed (the locks it held are left behind). */
    synchronized boolean killed() {
        return last().map(a -> a.get("endedAt") == null).orElse(false);
    }

    /** "started 2026-12-01T02:00:00Z by alice (pid 42 on build-7), ended …: exit 0 (2 changed)". */
    synchronized String lastAttempt() {
        Map<?, ?> a = last().orElseThrow();
        String started = "started " + a.get("startedAt") + " by " + a.get("user") + " (" + owner(a).describe() + ")";
        if (a.get("endedAt") == null) {
            return started + ", never ended";
        }
        return started + ", ended " + a.get("endedAt") + " with exit code " + a.get("exitCode") + " ("
                + a.get("summary") + ")";
    }

    /** An attempt begins: written before any AWS call. */
    synchronized void started(String planFile, String user, Instant now) {
        Owner me = Owner.current();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("pid", me.pid());
        a.put("host", me.host());
        a.put("processStart", me.processStart().map(Object::toString).orElse(null));
        a.put("user", user);
        a.put("file", planFile);
        a.put("startedAt", second(now));
        a.put("endedAt", null);
        attempts().add(a);
        write();
    }

    /** Who the attempt acts as, once the run has identified the caller. */
    synchronized void caller(String arn) {
        last().ifPresent(a -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> attempt = (Map<String, Object>) a;
            attempt.put("caller", arn);
        });
        write();
    }

    /** Targets done, as the step's outcomes come in (a batch at a time). */
    synchronized void done(String step, List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> byStep =
                (Map<String, Object>) done().computeIfAbsent(step, s -> new LinkedHashMap<String, Object>());
        ids.forEach(id -> byStep.putIfAbsent(id, second(now)));
        write();
    }

    /** The attempt ended: its exit code and summary. */
    synchronized void ended(int exitCode, String summary, Instant now) {
        last().ifPresent(a -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> attempt = (Map<String, Object>) a;
            attempt.put("endedAt", second(now));
            attempt.put("exitCode", (long) exitCode);
            attempt.put("summary", summary);
        });
        write();
    }

    /** The targets done so far, for the next attempt. */
    synchronized Done doneSoFar() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        done().forEach((step, ids) -> {
            Map<String, String> m = new LinkedHashMap<>();
            ((Map<?, ?>) ids).forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            copy.put(step, m);
        });
        return (step, target) ->
                Optional.ofNullable(copy.getOrDefault(step, Map.of()).get(target));
    }

    synchronized int doneCount() {
        return done().values().stream().mapToInt(v -> ((Map<?, ?>) v).size()).sum();
    }

    @SuppressWarnings("unchecked")
    private List<Object> attempts() {
        return (List<Object>) doc.get("attempts");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> done() {
        return (Map<String, Object>) doc.get("done");
    }

    private Optional<Map<?, ?>> last() {
        List<Object> a = attempts();
        return a.isEmpty() ? Optional.empty() : Optional.of((Map<?, ?>) a.get(a.size() - 1));
    }

    private static Owner owner(Map<?, ?> a) {
        Optional<Instant> start = Optional.empty();
        if (a.get("processStart") instanceof String s) {
            try {
                start = Optional.of(Instant.parse(s));
            } catch (java.time.format.DateTimeParseException e) {
                // named without a start time
            }
        }
        return new Owner(a.get("pid") instanceof Long p ? p : -1, String.valueOf(a.get("host")), start);
    }

    private static String second(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Replaces the file atomically, 0600 in a 0700 directory: a reader never sees half a record. */
    private void write() {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(
                    dir, ".applied-", ".tmp", PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_ONLY));
            try {
                Files.writeString(temp, Json.pretty(doc) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Without the record a killed apply could not resume exactly: guard does not act unrecorded.
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not write the applied-plan record " + file + " (" + RunAudit.why(e)
                            + "); guard does not apply a plan unrecorded, so it stopped here");
        }
    }
}
