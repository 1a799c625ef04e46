package dev.suitkaise.function;

/**
 * Every target kind travels to a real child JVM and back through sk-cereal's internal codec, as
 * functions sent by sk-process do.
 */
class ChildJvmCerealRoundTripTest extends ChildRoundTripContract {
    @Override
    ChildRunner.Codec codec() {
        return ChildRunner.Codec.CEREAL;
    }
}
