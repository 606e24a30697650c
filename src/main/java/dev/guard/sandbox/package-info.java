/**
 * The sandbox: a local AWS endpoint (SigV4, IAM policy evaluation, STS with MFA, EC2, DynamoDB,
 * S3) that guard's rehearsals and tests run against. A product of its own: it may import only
 * {@code yaml} and {@code json} of guard, and only the CLI's sandbox wiring imports it.
 */
package dev.guard.sandbox;
