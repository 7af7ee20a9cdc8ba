import { HelpDoc, ValidationError } from "@effect/cli"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import type { InvalidScenario, StoreError } from "@ze/harness"
import { Cause, ConfigError, Console, Effect, Option } from "effect"
import { red, stripAnsi, yellow } from "./Ansi.js"
import { exitCodeOfCause, exitCodeOfFailure } from "./ExitCode.js"
import type { ExitCode } from "./ExitCode.js"
import { displayPath, renderBroken } from "./views/SuiteViews.js"

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

const isStoreError = (error: unknown): error is StoreError =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "StoreError"

/** The harness's message reads "<operation> failed (<client error tag>): <detail>". */
const describeStoreError = (error: StoreError): ReadonlyArray<string> => {
  const refused = /\((Forbidden|Unauthorized)\)/.test(error.message)
  return refused
    ? [
      red(
        `ze: the server refused the key: set ZE_API_KEY to the server's key (${error.operation}: ${
          error.message.replace(/^.*\): /, "")
        })`
      )
    ]
    : [red(`ze: ${error.message}`)]
}

/** Query parameters the server names, as the flags that set them. */
const flagOfParameter: Record<string, string> = {
  from: "--since",
  to: "--until",
  batchId: "--batch",
  base: "BASE",
  head: "HEAD"
}

/** A query parameter as the flag that sets it: `headSpecialist` is `--head-specialist`. */
const flagOf = (name: string) =>
  flagOfParameter[name] ?? `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`

interface RejectedRequest {
  readonly message: string
  readonly issues: ReadonlyArray<{ readonly path: string | ReadonlyArray<PropertyKey>; readonly message: string }>
}

/** The server's 400 names each wrong field (`InvalidRequest.issues`); a client-side decode failure does too. */
const isRejectedRequest = (error: unknown): error is RejectedRequest =>
  error instanceof HttpApiDecodeError ||
  (typeof error === "object" && error !== null && "_tag" in error && error._tag === "InvalidRequest" &&
    "issues" in error && Array.isArray(error.issues))

/** One line per rejected parameter (the first problem of each), instead of the whole schema. */
const describeDecodeError = (error: RejectedRequest): string => {
  const byPath = new Map<string, string>()
  for (const issue of error.issues) {
    const name = typeof issue.path === "string" ? issue.path : issue.path.map(String).join(".")
    if (!byPath.has(name)) byPath.set(name, issue.message)
  }
  const problems = [...byPath].map(([name, message]) =>
    `${name === "" || name === "body" ? "request" : flagOf(name)}: ${message}`
  )
  return `ze: the request was rejected: ${problems.length === 0 ? error.message.split("\n")[0] : problems.join("; ")}`
}

/** @effect/cli's own wording, in ze's: what is wrong, and with what. */
const describeValidationError = (error: ValidationError.ValidationError): string => {
  const text = stripAnsi(HelpDoc.toAnsiText(error.error)).trim()
  const missing = /^Missing argument <(.+)>$/.exec(text)
  if (missing !== null) return `${missing[1]} is missing (an argument)`
  const unknown = /^Received unknown argument: '(.*)'$/.exec(text)
  if (unknown !== null) return `unknown argument "${unknown[1]}"`
  const choices = /^Expected one of the following cases: (.*)$/.exec(text)
  if (choices !== null) return `expected one of ${choices[1]}`
  return text.replace(/\ba integer\b/g, "a whole number").replace(/^ze: /, "")
}

const describeFailure = (error: unknown): ReadonlyArray<string> => {
  if (isStoreError(error)) return describeStoreError(error)
  if (isRejectedRequest(error)) return [red(describeDecodeError(error))]
  if (isInvalidScenario(error)) {
    return [red(`ze: invalid scenario ${displayPath(error.file)}:`), ...renderBroken([error]).slice(1)]
  }
  if (ValidationError.isValidationError(error)) {
    return [
      red(`ze: ${describeValidationError(error)}`),
      yellow("Run `ze --help` (or `ze <command> --help`) for usage.")
    ]
  }
  if (ConfigError.isConfigError(error)) return [red(`ze: configuration error: ${String(error)}`)]
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : ""
  const hint = hints[tag]
  // The server's wording names HTTP headers; on the command line the key is ZE_API_KEY.
  if (tag === "Unauthorized" || tag === "Forbidden") return [red("ze: the server refused the key"), yellow(hint!)]
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
