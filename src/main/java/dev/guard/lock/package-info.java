/**
 * The run locks: two runs on the same resources exclude each other — on one machine with lock files
 * ({@link dev.guard.lock.RunLock}), across machines with a DynamoDB table ({@link
 * dev.guard.lock.SharedLock}). May import {@code credentials} and below.
 */
package dev.guard.lock;
