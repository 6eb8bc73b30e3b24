package io.drippulse.crm.api.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code Content-Type} parsed as RFC 9110 says: {@code type/subtype} then {@code ;name=value} parameters.
 * JSON routes take {@code application/json} only, with parameters (a charset, if given, must be UTF-8);
 * {@code application/jsonx} or {@code application/json-patch+json} are other media types, not JSON.
 */
public final class MediaType {

  private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
  private static final Pattern QUOTED = Pattern.compile("^\"[^\"\\\\]*\"$");

  private MediaType() {
  }

  public static boolean isJson(String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(";", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      if (parameter.isEmpty()) {
        continue; // "application/json;" is sloppy but unambiguous
      }
      int eq = parameter.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      String name = parameter.substring(0, eq).trim();
      String value = parameter.substring(eq + 1).trim();
      if (!TOKEN.matcher(name).matches() || !(TOKEN.matcher(value).matches() || QUOTED.matcher(value).matches())) {
        return false;
      }
      if (name.equalsIgnoreCase("charset") && !value.replace("\"", "").equalsIgnoreCase("utf-8")) {
        return false;
      }
    }
    return true;
  }

  /** 415 unless the request declares a JSON body. */
  public static void requireJson(String header, String message) {
    if (!isJson(header)) {
      throw new ApiError(415, "unsupported_media_type", message, null);
    }
  }
}
