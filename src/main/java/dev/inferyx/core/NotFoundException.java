package dev.inferyx.core;

/** An unknown model, or a job id that does not exist, has expired, or belongs to someone else. */
public final class NotFoundException extends InferyxException {
    private NotFoundException(String code, String message) {
        super(code, message);
    }

    public static NotFoundException model(String model) {
        return new NotFoundException("model_not_found", "unknown model '" + model + "'");
    }

    /** A served model asked for at a version it does not serve. */
    public static NotFoundException modelVersion(String model, String version, String served) {
        return new NotFoundException("model_not_found", "model '" + model + "' has no version '" + version
                + "' (served: '" + served + "')");
    }

    public static NotFoundException job(String id) {
        return new NotFoundException("job_not_found", "no job '" + id + "' (unknown, expired, or not yours)");
    }

    public static NotFoundException route(String method, String path) {
        return new NotFoundException("route_not_found", "no route for " + method + " " + path);
    }
}
