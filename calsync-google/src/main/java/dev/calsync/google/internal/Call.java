package dev.calsync.google.internal;

import com.google.api.services.calendar.CalendarRequest;
import java.util.Objects;

/**
 * One request to make, with what it is for and, once made, its answer.
 *
 * @param <T> the type of the answer's body
 */
public final class Call<T> {
    private final CalendarRequest<T> request;
    private final String description;
    private Answer<T> answer;

    /**
     * @param request the prepared request
     * @param description method and path for messages, e.g. {@code PATCH events/abc}; no tokens
     */
    public Call(CalendarRequest<T> request, String description) {
        this.request = Objects.requireNonNull(request, "request");
        this.description = Objects.requireNonNull(description, "description");
    }

    CalendarRequest<T> request() {
        return request;
    }

    /** Method and path, for messages. */
    public String description() {
        return description;
    }

    /** The answer, or null before the call was made. */
    public Answer<T> answer() {
        return answer;
    }

    void answer(Answer<T> answer) {
        this.answer = answer;
    }
}
