import { Duration, Effect, Schema } from "effect"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { CappedOutput } from "./CappedOutput.js"

export interface ProcessSpec {
  /** A shell command line (run with `/bin/sh -c`), or a file with arguments (no shell). */
  readonly command: string | { readonly file: string; readonly args: ReadonlyArray<string> }
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  readonly timeout: Duration.DurationInput
  readonly outputCapBytes: number
  readonly stdin?: string
}

export interface ProcessResult {
  readonly exitCode: number | null
  readonly signal: string | null
  readonly stdout: string
  readonly stderr: string
  readonly outputTruncated: boolean
  readonly timedOut: boolean
  readonly durationMs: number
}

export class ProcessSpawnError extends Schema.TaggedError<ProcessSpawnError>()("ProcessSpawnError", {
  command: Schema.String,
  cwd: Schema.String,
  message: Schema.String
}) {}

const describe = (command: ProcessSpec["command"]) =>
  typeof command === "string" ? command : [command.file, ...command.args].join(" ")

/** Kills the child's whole process group: the child was spawned detached, so it leads its own group. */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") => {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group is already gone
  }
}

/**
 * Runs a process in its own process group with a deadline. On timeout or interruption the whole group is
 * killed, so nothing the command started outlives it; output is capped; the result says whether it timed out.
 */
export const runProcess = (spec: ProcessSpec): Effect.Effect<ProcessResult, ProcessSpawnError> =>
  Effect.async<ProcessResult, ProcessSpawnError>((resume) => {
    const started = performance.now()
    const [file, args] = typeof spec.command === "string"
      ? ["/bin/sh", ["-c", spec.command]] as const
      : [spec.command.file, spec.command.args] as const
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: [spec.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"]
    })
    const stdout = new CappedOutput(spec.outputCapBytes)
    const stderr = new CappedOutput(spec.outputCapBytes)
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk))
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk))
    if (spec.stdin !== undefined && child.stdin) {
      child.stdin.on("error", () => undefined)
      child.stdin.end(spec.stdin)
    }
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child)
    }, Duration.toMillis(Duration.decode(spec.timeout)))
    child.once("exit", () => killGroup(child))
    child.once("error", (error) => {
      clearTimeout(timer)
      resume(
        Effect.fail(new ProcessSpawnError({ command: describe(spec.command), cwd: spec.cwd, message: error.message }))
      )
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      resume(Effect.succeed({
        exitCode: code,
        signal,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        outputTruncated: stdout.truncated || stderr.truncated,
        timedOut,
        durationMs: Math.round(performance.now() - started)
      }))
    })
    return Effect.async<void>((done) => {
      clearTimeout(timer)
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup(child)
        return done(Effect.void)
      }
      const fallback = setTimeout(() => done(Effect.void), 2000)
      child.once("close", () => {
        clearTimeout(fallback)
        done(Effect.void)
      })
      killGroup(child)
    })
  })

export const succeeded = (result: ProcessResult) => result.exitCode === 0 && !result.timedOut
