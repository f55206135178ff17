package dev.paymentworker.processing;

/**
 * The {@code result} object of a {@code succeeded} reply: a curated subset, never an SDK object.
 */
public interface CommandResult {}
