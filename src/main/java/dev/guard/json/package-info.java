/**
 * The one JSON writer and reader of guard and its sandbox, terminal-safe when it prints. May import
 * only {@code yaml}.
 */
package dev.guard.json;
