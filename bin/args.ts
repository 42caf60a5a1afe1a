// Argument parsing for CLI commands: node's parseArgs, with errors that name the option.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { holdDatabaseOnSignals } from "../lib/database/setup";

/** A mistake in how a command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `args` against `options`; unknown options and missing values are UsageErrors. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A required string option, or a UsageError naming it. */
export function requireOption(value: string | boolean | undefined, name: string): string {
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** An optional integer option, or a UsageError naming it. */
export function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  return parsed;
}

/** An optional decimal option, or a UsageError naming it. */
export function decimal(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed))
    throw new UsageError(`--${name} must be a number, got "${value}"`);
  return parsed;
}

/**
 * A UsageError for the first problem zod found in the options a command assembled, naming the
 * option as typed (`warmupSteps` -> `--warmup-steps`).
 */
export function optionError(error: { issues: { path: PropertyKey[]; message: string }[] }): UsageError {
  const issue = error.issues[0]!;
  const option = String(issue.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return new UsageError(`--${option}: ${issue.message}`);
}

/**
 * An AbortSignal that Ctrl-C / SIGTERM aborts, so a long command (training) stops after its current
 * step and records why; release() takes the handlers off again.
 */
export function terminalSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  // An AbortError, as training's own abort is: bin/chorus.ts reports either as "interrupted".
  const stop = () => controller.abort(new DOMException("interrupted from the terminal", "AbortError"));
  // `on`: a repeated signal (npm relays the terminal's) must not fall through to Node's default,
  // which would kill the process mid-step. The embedded database waits until release().
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const releaseDatabase = holdDatabaseOnSignals();
  return {
    signal: controller.signal,
    release() {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      releaseDatabase();
    },
  };
}
