package dev.calsync.google.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Caps the size of every response body the Google client reads: an Apache HttpClient response
 * interceptor whose bodies fail with {@link ResponseTooLargeException} once they pass the cap (or
 * at once, when their {@code Content-Length} says they will), so that a hostile or broken endpoint
 * cannot make the provider hold a body of any size.
 */
public final class ResponseCap implements HttpResponseInterceptor {
    private final long maxBytes;

    /** @param maxBytes the largest body accepted, in bytes (after content decoding) */
    public ResponseCap(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the response cap must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(HttpResponse response, EntityDetails details, HttpContext context) {
        if (response instanceof ClassicHttpResponse classic && classic.getEntity() != null) {
            classic.setEntity(new Capped(classic.getEntity(), maxBytes));
        }
    }

    /** A body larger than the cap. */
    public static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseTooLargeException(long maxBytes) {
            super("the response body is larger than " + maxBytes
                    + " bytes, the provider's cap (maxResponseBytes; a smaller pageSize makes listing pages smaller)");
        }
    }

    /**
     * The body, counted as it is read. Past the cap, reading fails: HttpClient then drops the
     * connection (an {@code IOException} while reading aborts it), and closing the entity does
     * nothing more, since closing a chunked body would read the rest of it from a dead connection.
     */
    private static final class Capped extends HttpEntityWrapper {
        private final long maxBytes;
        private volatile boolean exceeded;

        Capped(HttpEntity entity, long maxBytes) {
            super(entity);
            this.maxBytes = maxBytes;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream in = super.getContent();
            return in == null ? null : new Counting(in);
        }

        @Override
        public void close() throws IOException {
            if (!exceeded) {
                super.close();
            }
        }

        private final class Counting extends FilterInputStream {
            private long read;

            Counting(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (!exceeded) {
                    super.close();
                }
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > maxBytes) {
                    exceeded = true;
                    throw new ResponseTooLargeException(maxBytes);
                }
            }
        }
    }
}
