package dev.guard.config;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
        Optional<Fields> given = l.mapping("rates", false);
        if (given.isPresent()) {
            Fields r = given.get();
            r.allowOnly(GuardConfig.Limits.SERVICES.toArray(new String[0]));
            for (MapNode.Entry e : r.node().entries()) {
                OptionalLong rate = r.integer(e.key(), false, 1, 10_000);
                if (rate.isPresent()) {
                    rates.put(e.key(), (int) rate.getAsLong());
                }
            }
        }
        return new GuardConfig.Limits(rates);
    }
}
