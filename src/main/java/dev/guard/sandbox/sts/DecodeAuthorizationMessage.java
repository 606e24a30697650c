package dev.guard.sandbox.sts;

import dev.guard.sandbox.iam.AuthorizationMessages;
import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.QueryProtocol;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.util.Map;

/**
 * STS DecodeAuthorizationMessage: reads an EC2 "Encoded authorization failure message" back into
 * AWS's JSON, for a caller allowed sts:DecodeAuthorizationMessage in the account the request was
 * refused in. Anything the sandbox did not seal (edited, truncated, made up) or sealed for
 * another account is InvalidAuthorizationMessageException.
 */
public final class DecodeAuthorizationMessage {
    private static final String ACTION = "sts:DecodeAuthorizationMessage";
    // STS's model: encodedMessageType is 1 to 10240 characters.
    private static final int MAX_LENGTH = 10_240;

    private final AuthorizationMessages messages;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    public DecodeAuthorizationMessage(AuthorizationMessages messages) {
        this.messages = messages;
    }

    public Reply run(Call call, Map<String, String> params) {
        String encoded = QueryProtocol.required(params, "EncodedMessage");
        if (encoded.length() > MAX_LENGTH) {
            throw AwsError.validation("1 validation error detected: Value at 'encodedMessage' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_LENGTH);
        }
        RequestContext context = new RequestContext(call.caller().principal(), ACTION, "*", ConditionKeys.of(call));
        Decision d = evaluator.identity(
                call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
        call.evaluated(ACTION, "*", d);
        if (!d.allowed()) {
            throw AwsError.accessDenied("User: " + call.caller().principal().arn() + " is not authorized to perform: "
                            + ACTION + " " + d.awsReason(ACTION))
                    .because(d.decidingStatement(), d.explanation());
        }
        // Only the account the request was refused in may read why: another account's caller,
        // even one allowed to decode, gets the answer a message it cannot read gets.
        String decoded = messages.decode(encoded, call.caller().accountId())
                .orElseThrow(() -> new AwsError(400, "InvalidAuthorizationMessageException", "Message is not valid"));
        Xml xml = QueryProtocol.begin("DecodeAuthorizationMessage", StsService.XMLNS)
                .element("DecodedMessage", decoded);
        return Reply.xml(
                ACTION,
                "*",
                QueryProtocol.end(xml, "DecodeAuthorizationMessage", call.requestId()),
                false,
                d.decidingStatement());
    }
}
