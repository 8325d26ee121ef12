package dev.inferyx.model;

import dev.inferyx.config.ConfigException;

/**
 * Deliberately breaks the package arrows (model must not import config) so {@code ArchitectureTest} can prove
 * its rules report a violation. Test code only; the rules check production classes.
 */
public final class ForbiddenDependencyFixture {

    public static RuntimeException forbidden() {
        return new ConfigException("model code must never do this");
    }
}
