package dev.inferyx.app;

import dev.inferyx.config.InferyxConfig;

/** What {@code serve} prints once it listens: where, which models, and a request to copy. */
final class Banner {

    private Banner() {
    }

    static String text(InferyxConfig cfg, int port) {
        String host = cfg.http().host().contains(":") ? "[" + cfg.http().host() + "]" : cfg.http().host();
        String base = "http://" + host + ":" + port;
        String auth = cfg.apiKeys().isEmpty() ? "" : " -H 'Authorization: Bearer <your key>'";
        return """
                Inferyx is listening on %1$s  (models: %2$s)
                  submit:  curl -s %1$s/infer -H 'Content-Type: application/json'%3$s -d '{"input": "hello", "model_id": "sim"}'
                  result:  curl -s %1$s/result/<request_id>%3$s
                  or wait: curl -s '%1$s/infer?wait=10s' -H 'Content-Type: application/json'%3$s -d '{"input": "hello"}'
                  models:  curl -s %1$s/models%3$s     metrics: %1$s/metrics
                Ctrl-C drains and stops.""".formatted(base, String.join(", ", cfg.servedModels().keySet()), auth);
    }
}
