package dev.paymentworker.processing.customer;

import dev.paymentworker.processing.CommandResult;
import java.util.List;

/**
 * Result of {@code customer.find}; no match is an empty list, not an error.
 *
 * @param customers matching customers, newest first
 * @param hasMore whether more customers match than {@code limit}
 */
public record CustomerListResult(List<CustomerResult> customers, boolean hasMore)
    implements CommandResult {}
