/**
 * The AWS SDK clients (one HTTP client, endpoint override, timeouts) and the one retry layer,
 * {@code Calls}: what is retried, what is never repeated, and what an unknown outcome means. May
 * import {@code error} and the leaves.
 */
package dev.guard.aws;
