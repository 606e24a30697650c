/**
 * The run lock: two runs on the same resources exclude each other, on disk and across processes.
 * May import {@code plan} and below.
 */
package dev.guard.lock;
