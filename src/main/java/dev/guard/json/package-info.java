/**
 * JSON as plain Java values, for the product and the sandbox alike: {@link dev.guard.json.Json}
 * writes maps, lists, strings, numbers and booleans with escapes a terminal cannot be driven by,
 * {@link dev.guard.json.JsonReader} reads JSON text back into the same plain values, and {@link
 * dev.guard.json.JsonObject} reads typed fields from such a tree, naming the path of a wrong one.
 *
 * <p>A leaf: it imports only the JDK and jackson-core (streaming; databind stays out of guard's
 * start-up). Everything else may import it, the sandbox included.
 */
package dev.guard.json;
