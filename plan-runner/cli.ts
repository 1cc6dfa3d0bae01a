/** Command-line helpers of `npm run plan` (kept apart so tests import them without running a plan). */

/** The stack named on the command line, or undefined. */
export function stackArg(args: readonly string[]): string | undefined {
  const i = args.indexOf("--stack");
  const stack = i >= 0 ? args[i + 1] : undefined;
  return stack && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stack) ? stack : undefined;
}

/**
 * The message of a failed plan without a stack trace. Pulumi's RunError and our config errors
 * carry a complete message; anything else is an unexpected error, shown by its first line.
 */
export function failureMessage(err: unknown): string {
  const e = err as { message?: unknown; name?: unknown } | undefined;
  const message = typeof e?.message === "string" ? e.message : String(err);
  // Pulumi wraps program errors ("Running program '…' failed with an unhandled exception:\n<message>").
  const inner = message.replace(/^Running program [^\n]*unhandled exception:\n/, "");
  return inner
    .split("\n")
    .filter((l) => !/^\s+at .+\(?.*:\d+:\d+\)?$/.test(l))
    .join("\n")
    .trimEnd();
}
