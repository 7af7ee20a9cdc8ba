import { HelpDoc, ValidationError } from "@effect/cli"
import { describe, expect, it } from "@effect/vitest"
import { ZeTimeout, ZeUnavailable } from "@ze/client"
import { BatchNotFound } from "@ze/domain"
import { StoreError } from "@ze/harness"
import { Cause, ConfigError, FiberId } from "effect"
import { FileError, GateFailed, RunsDidNotFinish, UsageError } from "../src/Errors.js"
import { ExitCode, exitCodeOfCause, exitCodeOfFailure } from "../src/ExitCode.js"

/** The tags that meant exit 2 when they were a list of strings: the typed list must keep every one. */
const usageTags = [
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
]

describe("exitCodeOfFailure", () => {
  it("gives 2 to every failure the user can fix, by tag as before", () => {
    for (const tag of usageTags) expect([tag, exitCodeOfFailure({ _tag: tag })]).toEqual([tag, ExitCode.usage])
  })

  it("maps the error types to their codes", () => {
    expect(exitCodeOfFailure(new GateFailed({ message: "below" }))).toBe(ExitCode.gateFailed)
    expect(exitCodeOfFailure(new RunsDidNotFinish({ message: "infra" }))).toBe(ExitCode.runsDidNotFinish)
    expect(exitCodeOfFailure(new UsageError({ message: "bad flag" }))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(new FileError({ message: "missing", path: "x" }))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(new ZeUnavailable({ message: "down", url: "u", attempts: 1, status: null }))).toBe(
      ExitCode.usage
    )
    expect(exitCodeOfFailure(new ZeTimeout({ message: "slow", url: "u", timeoutMs: 1 }))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(BatchNotFound.of("b1"))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(new StoreError({ operation: "o", message: "m", unreachable: true }))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(ValidationError.invalidValue(HelpDoc.p("bad")))).toBe(ExitCode.usage)
    expect(exitCodeOfFailure(ConfigError.MissingData([], "missing"))).toBe(ExitCode.usage)
  })

  it("knows nothing else: a bug is not an expected failure", () => {
    expect(exitCodeOfFailure({ _tag: "SomethingElse" })).toBeUndefined()
    expect(exitCodeOfFailure({ _tag: "toString" })).toBeUndefined()
    expect(exitCodeOfFailure(new Error("boom"))).toBeUndefined()
    expect(exitCodeOfFailure("UsageError")).toBeUndefined()
    expect(exitCodeOfFailure(null)).toBeUndefined()
  })
})

describe("exitCodeOfCause", () => {
  it("is 130 when interrupted, 70 for a defect or an unknown failure, else the failure's code", () => {
    expect(exitCodeOfCause(Cause.interrupt(FiberId.none))).toBe(ExitCode.interrupted)
    expect(exitCodeOfCause(Cause.die(new Error("bug")))).toBe(ExitCode.internal)
    expect(exitCodeOfCause(Cause.fail({ _tag: "Unexpected" }))).toBe(ExitCode.internal)
    expect(exitCodeOfCause(Cause.fail(new GateFailed({ message: "below" })))).toBe(ExitCode.gateFailed)
  })
})
