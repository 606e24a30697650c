package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.anyRequest;
import static dev.guard.sandbox.iam.IamFixtures.conditionHolds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every condition operator against one request value, or against an absent key (empty cell). AWS:
 * an absent key fails a condition, except that negated operators, ...IfExists and Null("true")
 * hold.
 */
class ConditionOperatorsTest {

    @ParameterizedTest(name = "{0} {1} vs request {2} -> {3}")
    @CsvSource({
        "StringEquals, alice, alice, true",
        "StringEquals, alice, Alice, false",
        "StringEquals, alice, , false",
        "StringNotEquals, alice, bob, true",
        "StringNotEquals, alice, alice, false",
        "StringNotEquals, alice, , true",
        "StringEqualsIgnoreCase, alice, ALICE, true",
        "StringEqualsIgnoreCase, alice, bob, false",
        "StringNotEqualsIgnoreCase, alice, ALICE, false",
        "StringNotEqualsIgnoreCase, alice, bob, true",
        "StringNotEqualsIgnoreCase, alice, , true",
        "StringLike, dev-*, dev-web-1, true",
        "StringLike, dev-?, dev-12, false",
        "StringLike, dev-??, dev-12, true",
        "StringLike, Dev-*, dev-1, false",
        "StringLike, dev-*, , false",
        "StringNotLike, dev-*, prod-1, true",
        "StringNotLike, dev-*, dev-1, false",
        "StringNotLike, dev-*, , true",
        "NumericEquals, 3600, 3600, true",
        "NumericEquals, 3600, 3600.0, true",
        "NumericEquals, 3600, 3601, false",
        "NumericEquals, 3600, , false",
        "NumericNotEquals, 3600, 3601, true",
        "NumericNotEquals, 3600, 3600, false",
        "NumericNotEquals, 3600, , true",
        "NumericLessThan, 3600, 3599, true",
        "NumericLessThan, 3600, 3600, false",
        "NumericLessThan, 3600, not-a-number, false",
        "NumericLessThanEquals, 3600, 3600, true",
        "NumericLessThanEquals, 3600, 3601, false",
        "NumericGreaterThan, 3600, 3601, true",
        "NumericGreaterThan, 3600, 3600, false",
        "NumericGreaterThanEquals, 3600, 3600, true",
        "NumericGreaterThanEquals, 3600, 3599, false",
        "DateEquals, 2024-01-01T00:00:00Z, 1704067200, true",
        "DateEquals, 2024-01-01, 2024-01-01T00:00:00Z, true",
        "DateEquals, 2024-01-01T00:00:00Z, 2024-01-01T00:00:01Z, false",
        "DateNotEquals, 2024-01-01T00:00:00Z, 2024-01-01T00:00:01Z, true",
        "DateNotEquals, 2024-01-01T00:00:00Z, , true",
        "DateLessThan, 2030-01-01T00:00:00Z, 2029-12-31T23:59:59Z, true",
        "DateLessThan, 2030-01-01T00:00:00Z, 2030-01-01T00:00:00Z, false",
        "DateLessThan, 2030-01-01T00:00:00Z, , false",
        "DateLessThanEquals, 2030-01-01T00:00:00Z, 2030-01-01T01:00:00+01:00, true",
        "DateGreaterThan, 1700000000, 2024-01-01T00:00:00Z, true",
        "DateGreaterThan, 1700000000, 1700000000, false",
        "DateGreaterThanEquals, 1700000000, 1700000000, true",
        "DateGreaterThanEquals, 1700000000, 1699999999, false",
        "Bool, true, true, true",
        "Bool, true, TRUE, true",
        "Bool, true, false, false",
        "Bool, true, , false",
        "Bool, false, false, true",
        "Bool, false, , false",
        "BinaryEquals, QmluYXJ5, QmluYXJ5, true",
        "BinaryEquals, QmluYXJ5, QmluYXJ6, false",
        "IpAddress, 203.0.113.0/24, 203.0.113.7, true",
        "IpAddress, 203.0.113.0/24, 198.51.100.1, false",
        "IpAddress, 2001:db8::/32, 2001:db8::1, true",
        "IpAddress, 203.0.113.0/24, , false",
        "NotIpAddress, 203.0.113.0/24, 198.51.100.1, true",
        "NotIpAddress, 203.0.113.0/24, 203.0.113.7, false",
        "ArnEquals, arn:aws:iam::111111111111:user/*, arn:aws:iam::111111111111:user/alice, true",
        "ArnEquals, arn:aws:iam::111111111111:user/*, arn:aws:iam::222222222222:user/alice, false",
        "ArnLike, arn:aws:iam::*:root, arn:aws:iam::111111111111:root, true",
        "ArnLike, arn:aws:iam::*:root, arn:aws:iam::111111111111:user/alice, false",
        "ArnLike, arn:aws:iam::*:root, , false",
        "ArnNotEquals, arn:aws:iam::111111111111:user/alice, arn:aws:iam::111111111111:user/bob, true",
        "ArnNotLike, arn:aws:iam::*:user/*, arn:aws:iam::111111111111:root, true",
        "ArnNotLike, arn:aws:iam::*:user/*, arn:aws:iam::111111111111:user/bob, false",
        "ArnNotLike, arn:aws:iam::*:user/*, , true",
        "Null, true, , true",
        "Null, true, anything, false",
        "Null, false, anything, true",
        "Null, false, , false",
        "BoolIfExists, false, , true",
        "BoolIfExists, false, true, false",
        "StringEqualsIfExists, alice, , true",
        "StringEqualsIfExists, alice, bob, false",
        "StringNotEqualsIfExists, alice, alice, false",
        "NumericLessThanIfExists, 3600, , true",
        "NumericLessThanIfExists, 3600, 7200, false",
        "DateGreaterThanIfExists, 2024-01-01, , true",
        "ArnLikeIfExists, arn:aws:iam::*:root, , true",
        "IpAddressIfExists, 203.0.113.0/24, , true",
    })
    void operatorComparesTheRequestValueAsAwsDocuments(
            String operator, String policyValue, String requestValue, boolean expected) {
        RequestContext ctx = requestValue == null ? anyRequest() : anyRequest().withKey("test:Key", requestValue);
        String condition = "{\"%s\": {\"test:Key\": \"%s\"}}".formatted(operator, policyValue);

        assertThat(conditionHolds(condition, ctx)).isEqualTo(expected);
    }
}
