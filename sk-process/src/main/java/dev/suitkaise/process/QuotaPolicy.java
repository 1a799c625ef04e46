package dev.suitkaise.process;

/** What a spawn does when the process budget or its domain's quota is used up. */
public enum QuotaPolicy {
    /** Fail at once with {@link SKQuotaExceededException}. */
    FAIL,
    /** Wait until a slot frees, up to the commander's {@linkplain CommanderConfig#maxWait() maximum wait}, then fail. */
    WAIT
}
