/**
 * The YAML reader guard trusts: every node keeps its line and column, duplicate keys, anchors and
 * tags are refused, and every problem is a positioned one-line {@code Problem}. The bottom of the
 * house: imports nothing of guard.
 */
package dev.guard.yaml;
