/**
 * The run pipeline's on-line half: {@link dev.guard.run.Pipeline} writes the stages in order (lock →
 * identify the caller → MFA device → plan for the caller → sessions / MFA → discover → guards →
 * confirm → execute → wait → audit), each a small class here ({@link dev.guard.run.RunLocks},
 * {@link dev.guard.run.SessionStage}, {@link dev.guard.run.Executor} with its Discovery, Execution,
 * StepChange and DryRun); also Ctrl-C handling ({@link dev.guard.run.Interrupt}, reached only
 * through a {@link dev.guard.run.StopSwitch} the caller hands in).
 *
 * <p>May import everything below it: action, plan, credentials, lock, audit, aws, auth, runbook,
 * config and the leaves (error, term, json, yaml); the AWS SDK only to name its failures. Never cli,
 * shell or sandbox: the CLI builds a {@link dev.guard.run.RunContext} and renders the report.
 */
package dev.guard.run;
