package dev.paymentworker.processing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Collects the violations of one payload; each check names the field and Stripe's limit. */
public final class Violations {

  /** Stripe object ids: letters, digits and underscores. */
  private static final Pattern STRIPE_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** Stripe replaces it in a success URL with the id of the Checkout Session. */
  static final String CHECKOUT_SESSION_ID_TEMPLATE = "{CHECKOUT_SESSION_ID}";

  /** Stripe accepts URLs of up to 5000 characters. */
  private static final int MAX_URL_LENGTH = 5000;

  private final List<Violation> found = new ArrayList<>();

  /** Adds a violation unless {@code ok}. */
  public Violations check(boolean ok, String field, String message) {
    if (!ok) {
      found.add(new Violation(field, message));
    }
    return this;
  }

  /** The field must be present. Returns whether it is. */
  public boolean require(String field, @Nullable Object value) {
    check(value != null, field, "is required");
    return value != null;
  }

  /** An optional Stripe object id; checked when present. */
  public Violations stripeId(String field, @Nullable String value) {
    if (value != null) {
      check(STRIPE_ID.matcher(value).matches(), field, "must be a Stripe id (letters, digits, _)");
    }
    return this;
  }

  /** An optional email address; checked when present. */
  public Violations email(String field, @Nullable String value) {
    if (value != null) {
      check(
          value.length() <= 512 && EMAIL.matcher(value).matches(),
          field,
          "must be an email address");
    }
    return this;
  }

  /** An optional absolute http(s) URL; checked when present. */
  public Violations httpUrl(String field, @Nullable String value) {
    if (value != null) {
      check(isHttpUrl(value), field, "must be an absolute http or https URL");
      check(value.length() <= MAX_URL_LENGTH, field, "must be at most 5000 characters");
    }
    return this;
  }

  /** An optional string of bounded length; checked when present. */
  public Violations maxLength(String field, @Nullable String value, int max) {
    if (value != null) {
      check(!value.isBlank(), field, "must not be blank");
      check(value.length() <= max, field, "must be at most " + max + " characters");
    }
    return this;
  }

  /** An optional number within bounds; checked when present. */
  public Violations between(String field, @Nullable Number value, long min, long max) {
    if (value != null) {
      check(
          value.longValue() >= min && value.longValue() <= max,
          field,
          "must be between " + min + " and " + max);
    }
    return this;
  }

  public List<Violation> list() {
    return List.copyOf(found);
  }

  private static boolean isHttpUrl(String value) {
    try {
      // Stripe fills in this template itself, and its braces are not legal in a URI.
      URI uri = new URI(value.replace(CHECKOUT_SESSION_ID_TEMPLATE, "x"));
      String scheme = uri.getScheme();
      return uri.isAbsolute()
          && scheme != null
          && (scheme.toLowerCase(Locale.ROOT).equals("https")
              || scheme.toLowerCase(Locale.ROOT).equals("http"))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
