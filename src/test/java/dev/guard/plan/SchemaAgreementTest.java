package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.ActionRegistry;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.yaml.Fields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema {@code guard schema} prints (what editors check while a runbook is typed,
 * composed from the action registry) and the loader (what
 * guard enforces) agree: the schema passes every example, refuses every broken runbook it can
 * see, and for the mistakes no JSON Schema can see — duplicate keys, aliases, undefined
 * parameters, unknown account aliases — the loader still refuses them.
 */
class SchemaAgreementTest {
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Schema schema = REGISTRY.getSchema(schemaNode());
    private final RunbookLoader loader = Runbooks.loader();

    static Stream<Path> examples() {
        return Runbooks.examples();
    }

    static Stream<Runbooks.Broken> schemaRejects() {
        return Runbooks.broken().filter(Runbooks.Broken::schemaRejects);
    }

    static Stream<Runbooks.Broken> schemaAccepts() {
        return Runbooks.broken().filter(b -> !b.schemaRejects());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleValidatesAgainstTheSchema(Path file) throws IOException {
        assertThat(errors(YAML.readTree(file.toFile()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaRejects")
    void theSchemaRejectsEveryMistakeItCanSee(Runbooks.Broken broken) {
        Optional<JsonNode> document = readable(broken.file());

        assertThat(document).as("a YAML reader can read %s", broken).isPresent();
        assertThat(errors(document.get())).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaAccepts")
    void theLoaderRejectsWhatTheSchemaCannotSee(Runbooks.Broken broken) {
        assertThat(loader.load(broken.file(), broken.file().getFileName()).ok()).isFalse();
        // Keeps the label honest: once the schema learns to see a mistake, mark the file "rejects".
        readable(broken.file())
                .ifPresent(document ->
                        assertThat(errors(document)).as("schema errors").isEmpty());
    }

    @Test
    void everyRegisteredActionHasASchemaFragment() {
        assertThat(RunbookSchema.missing(ActionRegistry.standard())).isEmpty();
    }

    @Test
    void anActionWithoutAFragmentIsNamedWithTheFileItNeeds() {
        ActionRegistry registry = new ActionRegistry(List.of(new Unschematic()));

        assertThat(RunbookSchema.missing(registry))
                .containsExactly("action ec2:StartInstances has no schema fragment (expected the resource"
                        + " dev/guard/plan/Unschematic.schema.json, or one next to a superclass)");
        assertThatThrownBy(() -> RunbookSchema.compose(registry))
                .hasMessageStartingWith("action ec2:StartInstances has no schema fragment");
    }

    /** An action whose author forgot its {@code with:} fragment. */
    private static final class Unschematic implements Action {
        @Override
        public ActionMetadata metadata() {
            return ActionMetadata.destructive("ec2:StartInstances", "start EC2 instances", "instanceIds");
        }

        @Override
        public Optional<StepInputs> read(Fields with, InputContext context) {
            return Optional.empty();
        }

        @Override
        public List<String> warnings(StepInputs inputs) {
            return List.of();
        }

        @Override
        public Operation operation(StepInputs inputs, StepContext context) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theSchemaIsBuiltFromEachActionsMetadataAroundItsFragment() {
        JsonNode root = schemaNode();
        for (Action action : ActionRegistry.standard().all()) {
            JsonNode then = thenFor(root, action.name());
            assertThat(then.at("/not/properties/confirm/const").asText())
                    .as(action.name())
                    .isEqualTo(action.metadata().destructive() ? "none" : "");
            action.metadata()
                    .selectorKey()
                    .ifPresent(key -> assertThat(selectorBranch(root, action.name(), key))
                            .as(action.name() + " with " + key + " requires maxTargets")
                            .isTrue());
        }
    }

    private static boolean selectorBranch(JsonNode root, String action, String key) {
        for (JsonNode branch : root.at("/$defs/step/allOf")) {
            if (branch.at("/if/properties/action/const").asText().equals(action)
                    && texts(branch.at("/if/properties/with/required")).equals(Set.of(key))) {
                return texts(branch.at("/then/properties/guards/required")).equals(Set.of("maxTargets"));
            }
        }
        return false;
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        JsonNode node = schemaNode();
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(node.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(metaSchema.validate(node)).isEmpty();
    }

    @Test
    void theMetaSchemaCheckWouldCatchABrokenSchema() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode broken = schemaNode().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("required", "name");

        assertThat(metaSchema.validate(broken)).isNotEmpty();
    }

    @Test
    void theSchemaNamesExactlyTheRegisteredActions() {
        List<String> inSchema = YAML.convertValue(
                schemaNode().at("/$defs/step/properties/action/enum"),
                YAML.getTypeFactory().constructCollectionType(List.class, String.class));

        assertThat(inSchema)
                .containsExactlyInAnyOrderElementsOf(ActionRegistry.standard().names());
    }

    @Test
    void theSchemaAllowsExactlyTheInputsAndStatesEachActionReads() {
        JsonNode root = schemaNode();
        for (Action action : ActionRegistry.standard().all()) {
            JsonNode then = thenFor(root, action.name());
            JsonNode with = then.at("/properties/with");
            if (with.has("$ref")) {
                with = root.at(with.get("$ref").asText().substring(1));
            }
            assertThat(names(with.get("properties")))
                    .as(action.name())
                    .isEqualTo(Set.copyOf(action.metadata().inputKeys()));
            JsonNode states = then.at("/properties/guards");
            if (action.metadata().states().isEmpty()) {
                assertThat(states.at("/not/required").toString())
                        .as(action.name())
                        .contains("expectStates");
            } else {
                JsonNode items = states.at("/properties/expectStates/items");
                JsonNode values = items.has("anyOf") ? items.at("/anyOf/0/enum") : items.get("enum");
                assertThat(texts(values))
                        .as(action.name())
                        .isEqualTo(action.metadata().states());
            }
        }
    }

    /** The {@code then} of the step's {@code if: {action: ...}} branch that constrains {@code with}. */
    private static JsonNode thenFor(JsonNode root, String action) {
        for (JsonNode branch : root.at("/$defs/step/allOf")) {
            JsonNode condition = branch.at("/if/properties/action");
            boolean matches = action.equals(condition.path("const").asText())
                    || texts(condition.path("enum")).contains(action);
            if (matches && branch.at("/then/properties").has("with")) {
                return branch.get("then");
            }
        }
        throw new AssertionError("no schema branch for " + action);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new HashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private List<com.networknt.schema.Error> errors(JsonNode document) {
        return schema.validate(document);
    }

    /** The file as an editor's YAML reader sees it (last duplicate wins, aliases as names), if it can. */
    private static Optional<JsonNode> readable(Path file) {
        try {
            return Optional.of(YAML.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What {@code guard schema} prints: the base composed with the registry's fragments. */
    private static JsonNode schemaNode() {
        try {
            return new ObjectMapper().readTree(RunbookSchema.text(ActionRegistry.standard()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
