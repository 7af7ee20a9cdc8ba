import { ValidationError } from "@effect/cli"
import { Cause, ConfigError, Option } from "effect"

/** Exit codes, as documented in `ze --help`. */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  runsDidNotFinish: 3,
  internal: 70,
  interrupted: 130
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

const usageTags = new Set([
  "UsageError",
  "FileError",
  "ZeUnavailable",
  "ZeTimeout",
  "ZeResponseError",
  "RunNotFound",
  "BatchNotFound",
  "ArtifactNotFound",
  "InvalidRequest",
  "Unauthorized",
  "Forbidden",
  "PayloadTooLarge",
  "RouteNotFound",
  "ScenarioNotFound",
  "InvalidScenario",
  "PromptNotFound",
  "UnknownAgent",
  "StoreError",
  "HttpApiDecodeError"
])

const tagOf = (error: unknown) =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/** The exit code of an expected failure; `undefined` when the failure is not one ze expects (a bug). */
export const exitCodeOfFailure = (error: unknown): ExitCode | undefined => {
  if (ValidationError.isValidationError(error) || ConfigError.isConfigError(error)) return ExitCode.usage
  const tag = tagOf(error)
  if (tag === "GateFailed") return ExitCode.gateFailed
  if (tag === "RunsDidNotFinish") return ExitCode.runsDidNotFinish
  return tag !== undefined && usageTags.has(tag) ? ExitCode.usage : undefined
}

export const exitCodeOfCause = (cause: Cause.Cause<unknown>): ExitCode => {
  if (Cause.isInterruptedOnly(cause)) return ExitCode.interrupted
  return Option.match(Cause.failureOption(cause), {
    onNone: () => ExitCode.internal,
    onSome: (error) => exitCodeOfFailure(error) ?? ExitCode.internal
  })
}
