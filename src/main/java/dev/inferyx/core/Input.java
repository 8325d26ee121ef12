package dev.inferyx.core;

import java.util.Objects;

/** What a client asked a model to work on. Sealed so every backend and model handles every kind. */
public sealed interface Input {

    /** Number of characters (or elements) used to enforce input size limits. */
    int size();

    /** Free text, as sent to {@code POST /infer}. */
    record Text(String text) implements Input {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int size() {
            return text.length();
        }
    }
}
