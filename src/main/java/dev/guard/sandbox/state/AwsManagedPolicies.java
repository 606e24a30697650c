package dev.guard.sandbox.state;

import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies the sandbox knows, by ARN, for AssumeRole's PolicyArns. Each is cut
 * down to the services the sandbox serves (EC2, S3, DynamoDB, IAM, STS) with the statements AWS's
 * own version has for them; a session policy can only narrow a role, so the cut changes nothing
 * the sandbox could show.
 */
final class AwsManagedPolicies {
    private static final Map<String, NamedPolicy> BY_ARN = Map.of(
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            policy("ReadOnlyAccess", """
                    {"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlyActions","Effect":"Allow","Action":[
                    "dynamodb:BatchGet*","dynamodb:Describe*","dynamodb:Get*","dynamodb:List*",
                    "dynamodb:Query","dynamodb:Scan","ec2:Describe*","ec2:Get*","iam:Generate*",
                    "iam:Get*","iam:List*","iam:Simulate*","s3:DescribeJob","s3:Get*","s3:List*",
                    "sts:GetCallerIdentity"],"Resource":"*"}]}"""),
            "arn:aws:iam::aws:policy/AdministratorAccess",
            policy("AdministratorAccess", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""));

    private AwsManagedPolicies() {}

    static Optional<NamedPolicy> byArn(String arn) {
        return Optional.ofNullable(BY_ARN.get(arn));
    }

    private static NamedPolicy policy(String name, String json) {
        return new NamedPolicy(name, PolicyDocument.parseJson(json).requireIdentityPolicy());
    }
}
