/**
 * The terminal seam: prompts, the one escaper for untrusted text ({@code Printable}), colour, and
 * Ctrl-C at a prompt. Imports nothing of guard, so every layer may print safely.
 */
package dev.guard.term;
