package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** CreateBucket is one atomic step: of concurrent creates of a name exactly one wins, none replaces it. */
class CreateBucketRaceTest {
    @Test
    void aSecondCreateFindsTheFirstBucketAndChangesNothing() {
        ObjectStore store = new ObjectStore();
        assertThat(store.createBucket("b", "111111111111", "us-east-1")).isEmpty();
        store.bucket("b").orElseThrow().put("k", ObjectStore.text("x", java.time.Instant.EPOCH));

        Optional<ObjectStore.Bucket> existing = store.createBucket("b", "222222222222", "eu-west-1");

        assertThat(existing).hasValueSatisfying(b -> assertThat(b.accountId()).isEqualTo("111111111111"));
        ObjectStore.Bucket kept = store.bucket("b").orElseThrow();
        assertThat(kept.accountId()).isEqualTo("111111111111");
        assertThat(kept.region()).isEqualTo("us-east-1");
        assertThat(kept.objects()).containsKey("k");
    }

    @Test
    void ofManyConcurrentCreatesExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                ObjectStore store = new ObjectStore();
                List<Callable<Boolean>> creates = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String account = "00000000000" + i;
                    creates.add(
                            () -> store.createBucket("b", account, "us-east-1").isEmpty());
                }
                int won = 0;
                for (Future<Boolean> f : pool.invokeAll(creates)) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }
}
