/**
 * The command line: picocli commands parse options, build a run's context, call the pipeline
 * ({@code run.Pipeline}) and render what it reports. Never calls AWS itself (no AWS SDK
 * import); only the sandbox wiring ({@code Sandbox*}, {@code FaultOption}) may
 * import {@code sandbox}. Nothing imports {@code cli}.
 */
package dev.guard.cli;
