package dev.inferyx.core;

/** An unknown model, or a job id that does not exist, has expired, or belongs to someone else. */
public final class NotFoundException extends InferyxException {
    private NotFoundException(String code, String message) {
        super(code, message);
    }

    public static NotFoundException model(String model) {
        return new NotFoundException("model_not_found", "unknown model '" + model + "'");
    }

    public static NotFoundException job(String id) {
        return new NotFoundException("job_not_found", "no job '" + id + "' (unknown, expired, or not yours)");
    }

    public static NotFoundException route(String method, String path) {
        return new NotFoundException("route_not_found", "no route for " + method + " " + path);
    }
}
