package dev.guard.cli;

/** The CLI naming an AWS SDK type, on purpose (ArchitectureTest). */
public final class WrongAwsCall {
    public Object aws() {
        return software.amazon.awssdk.regions.Region.US_EAST_1;
    }
}
