package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.apikeys.ApiKeys;
import io.drippulse.crm.api.http.ApiError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one reading of the {@code Authorization} header: exactly one header, {@code Bearer }, then either a
 * JWT in compact form (exactly three non-empty base64url segments) or an API key of the exact format.
 * Anything else (a trailing {@code .}, spaces inside, a second header) is refused before any key is tried,
 * so no lenient parser downstream gets to guess what was meant.
 */
record Credential(String value, boolean apiKey) {

  private static final Pattern COMPACT_JWT = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
  private static final int MAX_LENGTH = 16 * 1024;

  static Credential of(List<String> headers) {
    if (headers.size() > 1) {
      throw ApiError.badRequest("ambiguous_credentials", "Send exactly one Authorization header.");
    }
    String header = headers.isEmpty() ? null : headers.get(0);
    if (header == null || header.isBlank()) {
      throw ApiError.unauthorized("missing_credentials", "Send 'Authorization: Bearer <token or API key>'.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > MAX_LENGTH) {
      throw ApiError.unauthorized("invalid_credentials", "The Authorization header must be 'Bearer <token or API key>'.");
    }
    String credential = header.substring(7).trim();
    if (ApiKeys.isWellFormed(credential)) {
      return new Credential(credential, true);
    }
    if (credential.startsWith(ApiKeys.PREFIX)) {
      throw ApiError.unauthorized("invalid_api_key", "The API key is unknown or revoked.");
    }
    if (COMPACT_JWT.matcher(credential).matches()) {
      return new Credential(credential, false);
    }
    throw ApiError.unauthorized("invalid_token", "The token is not a JWT in compact form (three base64url parts).");
  }
}
