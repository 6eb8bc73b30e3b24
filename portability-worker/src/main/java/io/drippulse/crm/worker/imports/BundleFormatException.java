package io.drippulse.crm.worker.imports;

/** The input is not a bundle this worker can import (wrong format or version, not JSON, truncated): the whole job fails. */
public final class BundleFormatException extends RuntimeException {

  public BundleFormatException(String message) {
    super(message);
  }

  public BundleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
