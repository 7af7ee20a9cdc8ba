import { ValidationError } from "@effect/cli"
import type { InvalidScenario } from "@ze/harness"
import { Cause, Console, ConfigError, Effect, Option } from "effect"
import { red, yellow } from "./Ansi.js"
import { exitCodeOfCause, exitCodeOfFailure } from "./ExitCode.js"
import { displayPath, renderBroken } from "./views/SuiteViews.js"
import type { ExitCode } from "./ExitCode.js"

const hints: Record<string, string> = {
  ZeUnavailable: "Is the server running? Check --server / ZE_SERVER_URL, or start one with `ze serve`.",
  ZeTimeout: "The server is slow or unreachable; ZE_CLIENT_TIMEOUT_MS raises the deadline.",
  Unauthorized: "Set ZE_API_KEY to the server's key.",
  Forbidden: "Set ZE_API_KEY to the server's key."
}

const messageOf = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    return error.message
  }
  return String(error)
}

const isInvalidScenario = (error: unknown): error is InvalidScenario =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "InvalidScenario"

const describeFailure = (error: unknown): ReadonlyArray<string> => {
  if (isInvalidScenario(error)) {
    return [red(`ze: invalid scenario ${displayPath(error.file)}:`), ...renderBroken([error]).slice(1)]
  }
  if (ValidationError.isValidationError(error)) return [yellow("Run `ze --help` (or `ze <command> --help`) for usage.")]
  if (ConfigError.isConfigError(error)) return [red(`ze: configuration error: ${String(error)}`)]
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : ""
  const hint = hints[tag]
  return [red(`ze: ${messageOf(error)}`), ...(hint === undefined ? [] : [yellow(hint)])]
}

/** Prints why the command failed (a plain message for expected failures, the full cause for bugs). */
export const reportFailure = (cause: Cause.Cause<unknown>): Effect.Effect<ExitCode> => {
  const code = exitCodeOfCause(cause)
  if (Cause.isInterruptedOnly(cause)) return Effect.succeed(code)
  const expected = Cause.failureOption(cause).pipe(Option.filter((error) => exitCodeOfFailure(error) !== undefined))
  const lines = Option.match(expected, {
    onSome: describeFailure,
    onNone: () => [
      red("ze: internal error (this is a bug in ze; please report it with the output below)"),
      Cause.pretty(cause),
      yellow("NODE_OPTIONS=--enable-source-maps shows TypeScript source locations in the trace above.")
    ]
  })
  return Effect.as(Effect.forEach(lines, (line) => Console.error(line), { discard: true }), code)
}
