/** S3 actions: put and delete objects, with the bucket policy's MFA condition in mind. */
package dev.guard.action.s3;
