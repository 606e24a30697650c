package dev.guard.action;

/**
 * A capability of a step's inputs: the step reads or writes an S3 bucket. The plan looks the bucket
 * up in the config (a bucket policy that requires MFA decides the credential route) and a run locks
 * the whole bucket (a prefix and a key under it overlap).
 */
public interface InBucket {
    /** The bucket's name. */
    String bucket();
}
