package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Tags are checked against AWS's character rule, so every EC2 answer stays XML a client can parse. */
class Ec2TagCharactersIT {
    private static final String DEVELOPMENT = "222222222222";

    private static TagSpecification tagged(String key, String value) {
        return TagSpecification.builder()
                .resourceType(ResourceType.INSTANCE)
                .tags(Tag.builder().key(key).value(value).build())
                .build();
    }

    @Test
    void aTagWithAControlCharacterIsRefusedAndNothingIsLaunched() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            for (TagSpecification bad : List.of(tagged("env", "dev\u0001"), tagged("e\u001bnv", "dev"))) {
                assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                                .minCount(1)
                                .maxCount(1)
                                .tagSpecifications(bad)))
                        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                            assertThat(e.awsErrorDetails().errorMessage()).contains("U+00");
                        });
            }
            assertThat(ec2.describeInstances(r -> r.filters(Filter.builder()
                                    .name("tag-key")
                                    .values("env")
                                    .build()))
                            .reservations())
                    .allSatisfy(r -> assertThat(r.instances())
                            .allSatisfy(i -> assertThat(i.tags().toString()).doesNotContain("\u0001")));

            // AWS's allowed set, letters of any script included, is accepted and answered as sent.
            String allowed = "Zürich café 東京 _.:/=+-@ 42";
            String id = ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                            .minCount(1)
                            .maxCount(1)
                            .tagSpecifications(tagged("place", allowed)))
                    .instances()
                    .get(0)
                    .instanceId();
            assertThat(ec2.describeInstances(r -> r.instanceIds(id))
                            .reservations()
                            .get(0)
                            .instances()
                            .get(0)
                            .tags())
                    .containsExactly(Tag.builder().key("place").value(allowed).build());
        }
    }
}
