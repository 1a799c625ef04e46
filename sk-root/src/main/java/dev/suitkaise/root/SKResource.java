package dev.suitkaise.root;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Objects;

/**
 * A resource found by {@link SKRoot#resource(String)}.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param name the name that was looked up
 * @param url where it is
 * @param origin which place had it
 */
public record SKResource(String name, URL url, Origin origin) {

    /** Where a resource was found. */
    public enum Origin {
        /** A file under the project root. */
        ROOT,
        /** The class path (a class loader). */
        CLASS_PATH,
        /** A named module. */
        MODULE
    }

    /**
     * Creates a resource value.
     *
     * @param name the name looked up
     * @param url the location
     * @param origin where it was found
     */
    public SKResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * Opens the resource for reading. Blocks on I/O; the caller closes the stream.
     *
     * @return a new stream over the resource's bytes
     * @throws IOException if it cannot be opened
     */
    public InputStream open() throws IOException {
        return url.openStream();
    }
}
