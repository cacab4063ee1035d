package com.switchboard.activities.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The one place where LiveKit SDK calls are executed and their Retrofit Response checked: a 2xx
 * yields the body, anything else becomes a typed {@link LiveKitCallException}.
 */
public final class LiveKitCalls {
    /** ApplicationFailure type of a request LiveKit refuses for good (credentials, grants, arguments). */
    public static final String REJECTED = "LiveKitRejected";
    /** ApplicationFailure type of LiveKit being unreachable or failing on its side. */
    public static final String UNAVAILABLE = "LiveKitUnavailable";
    /** ApplicationFailure type of a missing room, participant, trunk or rule where one was required. */
    public static final String NOT_FOUND = "LiveKitNotFound";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveKitCalls() {}

    /** Executes the call; returns its body (null for calls without one). */
    public static <T> T execute(Call<T> call, String what) {
        Response<T> response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw new LiveKitCallException(
                    LiveKitCallException.Kind.UNAVAILABLE, -1, null, what + ": LiveKit unreachable: " + e, e);
        }
        if (response.isSuccessful()) {
            return response.body();
        }
        throw failure(response, what);
    }

    /**
     * Executes a delete. A thing that is already gone is what the caller wanted, so "not found" is
     * success: returns true when this call deleted it, false when it was gone already.
     */
    public static boolean delete(Call<?> call, String what) {
        try {
            execute(call, what);
            return true;
        } catch (LiveKitCallException e) {
            if (e.kind() == LiveKitCallException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The activity failure for a failed call: rejections are not retried, everything else is. */
    public static ApplicationFailure asActivityFailure(LiveKitCallException e) {
        return switch (e.kind()) {
            case REJECTED -> ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), REJECTED, e);
            case NOT_FOUND -> ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), NOT_FOUND, e);
            case UNAVAILABLE -> ApplicationFailure.newFailureWithCause(e.getMessage(), UNAVAILABLE, e);
        };
    }

    private static LiveKitCallException failure(Response<?> response, String what) {
        int status = response.code();
        String code = null;
        String detail = response.message();
        try (ResponseBody body = response.errorBody()) {
            if (body != null) {
                String text = body.string();
                detail = text;
                JsonNode json = JSON.readTree(text);
                if (json != null && json.hasNonNull("code")) {
                    code = json.get("code").asText();
                    detail = json.path("msg").asText(text);
                }
            }
        } catch (IOException e) {
            // The status alone decides; the body only adds detail to the message.
        }
        LiveKitCallException.Kind kind = classify(status, code);
        String message = what + ": LiveKit answered " + status + (code == null ? "" : " " + code) + ": " + detail;
        return new LiveKitCallException(kind, status, code, message, null);
    }

    private static LiveKitCallException.Kind classify(int status, String twirpCode) {
        if (status == 404 || "not_found".equals(twirpCode)) {
            return LiveKitCallException.Kind.NOT_FOUND;
        }
        if (status == 429 || status >= 500) {
            return LiveKitCallException.Kind.UNAVAILABLE;
        }
        return LiveKitCallException.Kind.REJECTED;
    }
}
