package dev.suitkaise.bench;

/**
 * Benchmark-shaped classes for the tests: methods with {@link Peer} and {@link Goal} as a
 * benchmark class would have them, without JMH.
 */
final class FakeBenchmarks {

    private FakeBenchmarks() {
    }

    /** Well-declared benchmarks. */
    static final class Registry {
        public Object plainGet() {
            return "plain";
        }

        @Peer("plainGet")
        @Goal(maxRatio = 3.0, note = "checked get within 3x")
        public Object checkedGet() {
            return "checked";
        }

        @Peer("plainGet")
        public Object openAndGet() {
            return "open";
        }

        @Peer("dev.suitkaise.bench.FakeBenchmarks.Jdk.hashMapGet")
        @Goal(maxRatio = 1.5)
        public Object globalGet() {
            return "global";
        }
    }

    /** A peer in another class. */
    static final class Jdk {
        public Object hashMapGet() {
            return "map";
        }
    }

    /** Wrong declarations, each rejected. */
    static final class Broken {
        public Object plainGet() {
            return "plain";
        }

        @Goal(maxRatio = 2.0)
        public Object goalWithoutPeer() {
            return "x";
        }

        @Peer("noSuchMethod")
        public Object peerMissing() {
            return "x";
        }

        @Peer("plainGet")
        @Goal(maxRatio = 0.0)
        public Object goalNotPositive() {
            return "x";
        }

        @Peer("peerIsItself")
        public Object peerIsItself() {
            return "x";
        }
    }
}
