import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit, Layer, Logger } from "effect"
import { ColorAwareConsole } from "./Ansi.js"
import { CliConfigLive, runCli } from "./Cli.js"
import { loadDotEnv } from "./DotEnv.js"
import { ExitCode } from "./ExitCode.js"
import { reportFailure } from "./Report.js"

/** Logs go to stderr: stdout carries only the command's output (one JSON document with --format json). */
const StderrLogger = Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true }))

/**
 * `ze … | head -1`: once the reader has gone, what is still written is dropped (EPIPE) instead of crashing; the
 * command carries on (a batch still stores every run) and exits with its own code.
 */
const ignoreClosedPipe = (stream: NodeJS.WriteStream) =>
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error
  })
ignoreClosedPipe(process.stdout)
ignoreClosedPipe(process.stderr)

const main = loadDotEnv().pipe(
  Effect.zipRight(Effect.suspend(() => runCli(process.argv))),
  Effect.as(ExitCode.ok),
  Effect.catchAllCause((cause) => Cause.isInterruptedOnly(cause) ? Effect.failCause(cause) : reportFailure(cause)),
  Effect.tap((code) => Effect.sync(() => (process.exitCode = code))),
  Effect.provide(Layer.mergeAll(NodeContext.layer, CliConfigLive, StderrLogger, ColorAwareConsole))
)

NodeRuntime.runMain(main, {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  // Success leaves `process.exitCode` set and lets Node exit once stdout is flushed; a signal exits now.
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? 0 : ExitCode.interrupted)
})
