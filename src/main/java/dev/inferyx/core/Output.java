package dev.inferyx.core;

import java.util.Objects;

/** What a model produced for one input. Sealed so the HTTP layer renders every kind. */
public sealed interface Output {

    /** Text, such as the {@code sim} and {@code echo} models return. */
    record Text(String text) implements Output {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }
}
