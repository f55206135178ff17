package dev.paymentworker.processing;

import dev.paymentworker.config.UrlProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Decides whether a URL from a command may receive a customer (see {@link UrlProperties}). */
public final class UrlPolicy {

  private static final List<String> LOCALHOST = List.of("localhost", "127.0.0.1");

  private final List<String> allowedHosts;
  private final boolean allowHttpLocalhost;

  public UrlPolicy(UrlProperties properties) {
    this.allowedHosts =
        properties.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    this.allowHttpLocalhost = properties.allowHttpLocalhost();
  }

  /** The violation of {@code field}'s URL, if it is present and not allowed. */
  public Optional<Violation> check(String field, @Nullable String url) {
    if (url == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.replace(Violations.CHECKOUT_SESSION_ID_TEMPLATE, "x"));
    } catch (URISyntaxException e) {
      // The payload's own check reports a malformed URL.
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean localHttp = allowHttpLocalhost && scheme.equals("http") && LOCALHOST.contains(host);
    if (!scheme.equals("https") && !localHttp) {
      return Optional.of(
          new Violation(
              field,
              "must be https"
                  + (allowHttpLocalhost ? " (http only for localhost)" : "")
                  + ": '"
                  + scheme
                  + "' is not allowed"));
    }
    if (uri.getUserInfo() != null) {
      return Optional.of(new Violation(field, "must not carry user information"));
    }
    if (!localHttp && !allowed(host)) {
      return Optional.of(
          new Violation(
              field,
              "host '" + host + "' is not in the allowed hosts (worker.urls.allowed-hosts)"));
    }
    return Optional.empty();
  }

  private boolean allowed(String host) {
    for (String pattern : allowedHosts) {
      if (pattern.startsWith("*.")
          ? host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1
          : host.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}
