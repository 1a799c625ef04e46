package dev.suitkaise.function;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.function.Function;

/**
 * Defines a copy of one test class from a temporary directory (child first), so that it lives in an
 * unnamed module whose code source is that directory, which is no domain root. Every other class
 * comes from the test's own loader, so the copy shares Suitkaise with the tests.
 */
final class OutsideLoader extends ClassLoader {

    private final String name;
    private final byte[] bytes;
    private final ProtectionDomain domain;

    private OutsideLoader(Path directory, String name, byte[] bytes) throws MalformedURLException {
        super("outside-roots", OutsideLoader.class.getClassLoader());
        this.name = name;
        this.bytes = bytes;
        this.domain = new ProtectionDomain(new CodeSource(directory.toUri().toURL(), (CodeSigner[]) null), null, this, null);
    }

    /**
     * A new instance of the copy of a class that has a public no-argument constructor.
     *
     * @param directory where the class file is copied; it becomes the copy's code source
     * @param type the class on the test path
     * @return the instance of the copy
     */
    @SuppressWarnings("unchecked")
    static Function<String, Object> newInstance(Path directory, Class<? extends Function<String, Object>> type)
            throws IOException, ReflectiveOperationException {
        String resource = type.getName().replace('.', '/') + ".class";
        Path target = directory.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException("No class file for " + type.getName() + " on the test path");
            }
            Files.copy(in, target);
        }
        OutsideLoader loader = new OutsideLoader(directory, type.getName(), Files.readAllBytes(target));
        return (Function<String, Object>) loader.loadClass(type.getName()).getConstructor().newInstance();
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (!className.equals(name)) {
            return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> c = findLoadedClass(className);
            return c != null ? c : defineClass(className, bytes, 0, bytes.length, domain);
        }
    }

    @Override
    protected URL findResource(String resource) {
        return null;
    }
}
