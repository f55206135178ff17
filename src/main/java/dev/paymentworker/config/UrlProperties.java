package dev.paymentworker.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where commands may send a paying customer: success, cancel and return URLs must be {@code https}
 * with a host on this list, so that a forged command cannot send a customer to an arbitrary site.
 *
 * @param allowedHosts hosts allowed in URLs: exact names ({@code shop.example.com}) or a leading
 *     wildcard for subdomains ({@code *.example.com}, which does not match {@code example.com})
 * @param allowHttpLocalhost whether plain {@code http} is accepted for {@code localhost} and {@code
 *     127.0.0.1} (local development only)
 */
@Validated
@ConfigurationProperties("worker.urls")
public record UrlProperties(
    @DefaultValue("shop.example.com") List<String> allowedHosts,
    @DefaultValue("false") boolean allowHttpLocalhost) {}
