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
        if (Rules.isJdk(type)) {
            return Rules.isLambda(type) ? jdkLambdaMessage(type) : "Class " + type.getName() + " belongs to module "
                    + type.getModule().getName() + " of the JDK, which does not let other modules read its private"
                    + " state. Carry the values it holds instead, or register a CerealHandler for the class.";
        }
        Module m = type.getModule();
        return "Package " + type.getPackageName() + " of module " + m.getName() + " is not open to dev.suitkaise.cereal,"
                + " so " + type.getName() + " cannot be serialized by its fields. Add 'opens " + type.getPackageName()
                + " to dev.suitkaise.cereal;' to the module-info.java of " + m.getName()
                + ", or register a CerealHandler for the class.";
    }

    /**
     * The message for a serializable lambda or method reference that the JDK created (for example
     * by {@code Comparator.comparing}): its serialized form is private to the JDK module that made
     * it, so no codec outside the JDK can carry it.
     *
     * @param type the lambda's class, in a JDK module
     * @return what failed and what to do
     */
    static String jdkLambdaMessage(Class<?> type) {
        String host = type.isHidden() ? type.getNestHost().getName() : type.getName();
        return "The lambda " + type.getName() + " was created inside the JDK (by " + host + " in module "
                + type.getModule().getName() + ", as Comparator.comparing, thenComparing and Map.Entry.comparingByKey"
                + " do), and lambdas created inside the JDK cannot be carried: the JDK does not let other modules read"
                + " their captured state, and no module-info change can open it. Use a lambda or a Comparator class"
                + " of your own instead, for example (Comparator<String> & Serializable) (a, b) ->"
                + " Integer.compare(a.length(), b.length()).";
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
