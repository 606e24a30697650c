package dev.guard.config;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The config's {@code limits:}: {@code rates: {ec2: 20, sts: 10}}, calls per second by service. */
final class LimitsParser {
    private LimitsParser() {}

    static GuardConfig.Limits parse(Optional<Fields> limits) {
        if (limits.isEmpty()) {
            return GuardConfig.Limits.DEFAULTS;
        }
        Fields l = limits.get();
        l.allowOnly("rates");
        Map<String, Integer> rates = new LinkedHashMap<>();
        l.mapping("rates", false).ifPresent(r -> {
            r.allowOnly(GuardConfig.Limits.SERVICES.toArray(String[]::new));
            for (MapNode.Entry e : r.node().entries()) {
                r.integer(e.key(), false, 1, 10_000).ifPresent(v -> rates.put(e.key(), (int) v));
            }
        });
        return new GuardConfig.Limits(rates);
    }
}
