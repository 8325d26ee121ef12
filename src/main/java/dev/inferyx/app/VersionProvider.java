package dev.inferyx.app;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"inferyx " + (version == null ? "dev" : version)
                + " (Java " + Runtime.version() + ")"};
    }
}
