import { ValidationError } from "@effect/cli"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import { ZeResponseError, ZeTimeout, ZeUnavailable } from "@ze/client"
import {
  ArtifactNotFound,
  BatchNotFound,
  Forbidden,
  InvalidRequest,
  PayloadTooLarge,
  RouteNotFound,
  RunNotFound,
  Unauthorized
} from "@ze/domain"
import { InvalidScenario, PromptNotFound, ScenarioNotFound, StoreError, UnknownAgent } from "@ze/harness"
import { Cause, ConfigError, Option, Predicate } from "effect"
import { FileError, GateFailed, RunsDidNotFinish, UsageError } from "./Errors.js"

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

/** Failures the user can fix (the command line, the server, the suites, the store): exit 2. */
const usageFailures = [
  UsageError,
  FileError,
  ZeUnavailable,
  ZeTimeout,
  ZeResponseError,
  RunNotFound,
  BatchNotFound,
  ArtifactNotFound,
  InvalidRequest,
  Unauthorized,
  Forbidden,
  PayloadTooLarge,
  RouteNotFound,
  ScenarioNotFound,
  InvalidScenario,
  PromptNotFound,
  UnknownAgent,
  StoreError,
  HttpApiDecodeError
] as const

/** Every failure ze expects, each with its exit code; anything else is a bug (exit 70). */
export type ExpectedFailure = InstanceType<(typeof usageFailures)[number]> | GateFailed | RunsDidNotFinish

// Matched by tag rather than `instanceof`: an error decoded by another copy of a module still counts.
const exitCodeByTag: ReadonlyMap<ExpectedFailure["_tag"], ExitCode> = new Map<ExpectedFailure["_tag"], ExitCode>([
  [GateFailed._tag, ExitCode.gateFailed],
  [RunsDidNotFinish._tag, ExitCode.runsDidNotFinish],
  ...usageFailures.map((failure) => [failure._tag, ExitCode.usage] as const)
])

/** The exit code of an expected failure; `undefined` when the failure is not one ze expects (a bug). */
export const exitCodeOfFailure = (error: unknown): ExitCode | undefined => {
  if (ValidationError.isValidationError(error) || ConfigError.isConfigError(error)) return ExitCode.usage
  return Predicate.hasProperty(error, "_tag") && typeof error._tag === "string"
    ? exitCodeByTag.get(error._tag as ExpectedFailure["_tag"])
    : undefined
}

export const exitCodeOfCause = (cause: Cause.Cause<unknown>): ExitCode => {
  if (Cause.isInterruptedOnly(cause)) return ExitCode.interrupted
  return Option.match(Cause.failureOption(cause), {
    onNone: () => ExitCode.internal,
    onSome: (error) => exitCodeOfFailure(error) ?? ExitCode.internal
  })
}
