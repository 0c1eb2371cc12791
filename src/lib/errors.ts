/** Errors a user caused and can fix: the CLI prints the message (no stack) and exits non-zero. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
