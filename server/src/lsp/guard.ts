// Every handler runs through `guarded`: an exception in analysis becomes a logged error and a
// neutral answer, never a dead server.

export type Logger = (message: string) => void;

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function guarded<P extends unknown[], R>(
  logError: Logger,
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      logError(`urlsession-lint: ${name} failed: ${describe(error)}`);
      return fallback;
    }
  };
}
