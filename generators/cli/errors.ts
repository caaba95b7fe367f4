/** A mistake in what the user asked for: one line, a hint, exit 1. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl-C or cancelled a prompt: exit 130, nothing left on disk. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
