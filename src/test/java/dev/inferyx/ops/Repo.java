package dev.inferyx.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository checkout (tests run with the project directory as the working directory). */
final class Repo {

    private Repo() {
    }

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root with pom.xml and deploy/ above " + here);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
