package dev.suitkaise.function;

/** Every target kind travels to a real child JVM and back through java.io serialization. */
class ChildJvmRoundTripTest extends ChildRoundTripContract {
    @Override
    ChildRunner.Codec codec() {
        return ChildRunner.Codec.JAVA_IO;
    }
}
