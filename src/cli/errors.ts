/**
 * Errors the top-level handler turns into exit codes: usage errors exit 2, everything else 1.
 * Messages are one line, naming the option, file or field and what was expected.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A runtime failure with a message fit for the user (no stack trace is printed). */
export class FedrecError extends Error {
  override readonly name = "FedrecError";
}
