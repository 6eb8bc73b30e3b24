package io.drippulse.crm.api.config;

/** One configured JWT verification key and the algorithm its type implies (RS256 or ES256). */
public record PublicKeyPem(String algorithm, String pem) {
}
