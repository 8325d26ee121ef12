package dev.inferyx;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.inferyx.model.ForbiddenDependencyFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the package arrows of STYLE.md one-way: each top-level package under {@code dev.inferyx} may import
 * only the packages listed for it (a subpackage counts as its parent: {@code queue.memory} is {@code queue}).
 * Third-party imports are governed separately: only {@code metrics.prometheus} may import Prometheus, only
 * {@code queue.redis} may import Lettuce, and
 * {@code core} imports the JDK only. Rules allow empty packages, so not-yet-written packages pass.
 */
class ArchitectureTest {

    /** Package -> the other top-level packages it may import. {@code app} may import everything. */
    static final Map<String, List<String>> ALLOWED = allowed();

    private static Map<String, List<String>> allowed() {
        var allowed = new LinkedHashMap<String, List<String>>();
        allowed.put("config", List.of("http", "service", "batch", "worker", "model", "queue", "cache", "retry",
                "metrics", "core"));
        allowed.put("http", List.of("service", "metrics", "core"));
        allowed.put("service", List.of("queue", "cache", "metrics", "core"));
        allowed.put("batch", List.of("queue", "metrics", "core"));
        allowed.put("worker", List.of("batch", "model", "queue", "retry", "metrics", "core"));
        allowed.put("model", List.of("core"));
        allowed.put("queue", List.of("metrics", "core"));
        allowed.put("cache", List.of("metrics", "core"));
        allowed.put("retry", List.of("metrics", "core"));
        allowed.put("metrics", List.of("core"));
        allowed.put("core", List.of());
        // A client of any Inferyx over HTTP, plus raw in-process model benchmarks: never the engine itself.
        allowed.put("bench", List.of("core", "model"));
        return allowed;
    }

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.inferyx");
    }

    static Stream<String> governedPackages() {
        return ALLOWED.keySet().stream();
    }

    /** Classes in {@code pkg} (or below) may not import any dev.inferyx package outside its allowed list. */
    static ArchRule onlyAllowedInferyxImports(String pkg) {
        String[] permitted = Stream.concat(Stream.of(pkg), ALLOWED.get(pkg).stream())
                .map(p -> "dev.inferyx." + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("dev.inferyx." + pkg + "..")
                .should().dependOnClassesThat(resideInAPackage("dev.inferyx..").and(not(resideInAnyPackage(permitted))))
                .as("dev.inferyx." + pkg + " may import only " + ALLOWED.get(pkg) + " of dev.inferyx")
                .allowEmptyShould(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("governedPackages")
    void package_importsOnlyPackagesItMayDependOn(String pkg) {
        onlyAllowedInferyxImports(pkg).check(production);
    }

    @Test
    void core_dependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.inferyx.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.inferyx.core..", "java..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void prometheus_isImportedOnlyByMetricsPrometheus() {
        noClasses().that().resideOutsideOfPackage("dev.inferyx.metrics.prometheus..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void onnxRuntimeAndDjl_areImportedOnlyByModelOnnx() {
        noClasses().that().resideOutsideOfPackage("dev.inferyx.model.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void lettuce_isImportedOnlyByQueueRedis() {
        noClasses().that().resideOutsideOfPackage("dev.inferyx.queue.redis..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void metricsPrometheus_importsOnlyMetricsCoreJdkAndPrometheus() {
        classes().that().resideInAPackage("dev.inferyx.metrics.prometheus..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.inferyx.metrics..", "dev.inferyx.core..", "io.prometheus..", "java..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void topLevelPackages_haveNoCycles() {
        slices().matching("dev.inferyx.(*)..").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(production);
    }

    // --- the rules themselves can fail -------------------------------------------------------------------------

    @Test
    void import_findsProductionClassesButNoTests() {
        assertThat(production.contain(dev.inferyx.core.Job.class)).isTrue();
        assertThat(production.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void packageRule_reportsAForbiddenImport() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(ForbiddenDependencyFixture.class);

        var result = onlyAllowedInferyxImports("model").evaluate(withViolation);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(
                detail -> assertThat(detail).contains("ForbiddenDependencyFixture", "dev.inferyx.config"));
    }
}
