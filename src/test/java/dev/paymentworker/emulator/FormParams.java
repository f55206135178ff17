package dev.paymentworker.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a POST body or a query string) into
 * Stripe's flattened parameter names, such as {@code line_items[0][price]}.
 */
final class FormParams {

  private FormParams() {}

  /**
   * Returns the parameters in the order they were sent. A repeated name ends with the last value,
   * except the {@code name[]} list form (sent by curl users), which is numbered {@code name[0]},
   * {@code name[1]}... so that it reads the same as the indexed form the Stripe SDKs send.
   */
  static Map<String, String> parse(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, Integer> listSizes = new HashMap<>();
    if (encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name.endsWith("[]")) {
        String base = name.substring(0, name.length() - 2);
        int index = listSizes.merge(base, 1, Integer::sum) - 1;
        name = base + "[" + index + "]";
      }
      params.put(name, value);
    }
    return params;
  }

  /** The entries under {@code prefix[...]} with the prefix stripped, e.g. metadata keys. */
  static Map<String, String> nested(Map<String, String> params, String prefix) {
    Map<String, String> nested = new LinkedHashMap<>();
    String open = prefix + "[";
    params.forEach(
        (name, value) -> {
          if (name.startsWith(open) && name.endsWith("]")) {
            nested.put(name.substring(open.length(), name.length() - 1), value);
          }
        });
    return Collections.unmodifiableMap(nested);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
