/**
 * The errors every stage may throw and the exit codes they map to ({@code ExitCode}, {@code
 * GuardException}, {@code ProblemsException}). May import only {@code yaml} (for positioned
 * problems).
 */
package dev.guard.error;
