package dev.suitkaise.cereal.internal.kryo;

/**
 * Checks that user classes are reflectable by this module: in a named module, their package must
 * be open to {@code dev.suitkaise.cereal}.
 */
final class Opener {

    private static final Module SELF = Opener.class.getModule();

    private Opener() {
    }

    static String notOpenMessage(Class<?> type) {
        Module m = type.getModule();
        return "Package " + type.getPackageName() + " of module " + m.getName() + " is not open to dev.suitkaise.cereal,"
                + " so " + type.getName() + " cannot be serialized by its fields. Add 'opens " + type.getPackageName()
                + " to dev.suitkaise.cereal;' to the module-info.java of " + m.getName()
                + ", or register a CerealHandler for the class.";
    }

    /**
     * Whether this module may reflect on a class and its non-JDK superclasses.
     *
     * @return null if reflection works, else the reason it does not
     */
    static String check(Class<?> type) {
        for (Class<?> c = type; c != null && !Rules.isJdk(c); c = c.getSuperclass()) {
            String reason = checkOne(c);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String checkOne(Class<?> type) {
        Module m = type.getModule();
        if (!m.isNamed()) {
            return null;
        }
        String pkg = type.getPackageName();
        return m.isOpen(pkg, SELF) ? null : notOpenMessage(type);
    }
}
