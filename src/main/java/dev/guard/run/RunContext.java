package dev.guard.run;

import dev.guard.action.ActionRegistry;
import dev.guard.audit.AuditTrail;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.Connection;
import dev.guard.credentials.SessionCache;
import dev.guard.term.Progress;
import dev.guard.term.Terminal;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a live run works with, built by the CLI from its options: where and as whom it acts, the
 * config and environment, the terminal, the audit trail, the stop switch and where its lines go.
 *
 * @param sessionCache the MFA sessions kept on disk; opened only when a run may use it
 * @param say the operator's progress lines (stdout, or stderr under {@code --output json}); the sink
 *     shows each through {@link dev.guard.term.Printable}
 * @param warn one line for stderr each (the lock's, the audit log's, the retries')
 * @param progress where work under way is shown while it lasts: calls in flight, discovery, bulk
 *     changes, waits
 */
public record RunContext(
        Connection connection,
        ActionRegistry actions,
        GuardConfig config,
        Environment env,
        Terminal terminal,
        Supplier<SessionCache> sessionCache,
        AuditTrail audit,
        StopSwitch stops,
        Consumer<String> say,
        Consumer<String> warn,
        Progress progress) {}
