import { Duration, Effect, Schema } from "effect"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { randomUUID } from "node:crypto"
import { CappedOutput } from "./CappedOutput.js"
import { COMMAND_VARIABLE, killTagged, SANDBOX_VARIABLE } from "./Sweep.js"

export interface ProcessSpec {
  /** A shell command line (run with `/bin/sh -c`), or a file with arguments (no shell). */
  readonly command: string | { readonly file: string; readonly args: ReadonlyArray<string> }
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  readonly timeout: Duration.DurationInput
  readonly outputCapBytes: number
  readonly stdin?: string
  /**
   * The workspace the command belongs to, tagged in its environment: whatever the command leaves running, even
   * outside its process group, is killed when it ends (and by the next batch if ze itself was killed).
   */
  readonly sandbox?: string
  /** Stops the command once it has printed this many bytes (stdout and stderr together). */
  readonly outputLimitBytes?: number
  /** The largest file the command may write (`ulimit -f`); a larger write fails (SIGXFSZ, or EFBIG if ignored). */
  readonly fileSizeLimitBytes?: number
}

export interface ProcessResult {
  readonly exitCode: number | null
  readonly signal: string | null
  readonly stdout: string
  readonly stderr: string
  readonly outputTruncated: boolean
  readonly timedOut: boolean
  /** Stopped because it printed more than `outputLimitBytes`. */
  readonly outputLimitExceeded: boolean
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

/** The program and arguments; a file size limit wraps the command in a shell that sets it, then execs it. */
const commandLine = (spec: ProcessSpec): readonly [string, ReadonlyArray<string>] => {
  const [file, args] = typeof spec.command === "string"
    ? ["/bin/sh", ["-c", spec.command]] as const
    : [spec.command.file, spec.command.args] as const
  if (spec.fileSizeLimitBytes === undefined) return [file, args]
  const blocks = Math.max(1, Math.ceil(spec.fileSizeLimitBytes / 512)) // POSIX sh counts 512-byte blocks
  return ["/bin/sh", ["-c", `ulimit -f ${blocks} && exec "$0" "$@"`, file, ...args]]
}

/** How long to wait for the output pipes to close once the command has exited (and its group was killed). */
const closeGrace = 1000

/**
 * Runs a process in its own process group with a deadline. On exit, timeout or interruption the whole group is
 * killed, and with a `sandbox` so is every process that carries the command's tag, so nothing the command started
 * outlives it; output is capped (and, with a limit, stops the command); the result says what stopped it.
 */
export const runProcess = (spec: ProcessSpec): Effect.Effect<ProcessResult, ProcessSpawnError> =>
  Effect.async<ProcessResult, ProcessSpawnError>((resume) => {
    const started = performance.now()
    const [file, args] = commandLine(spec)
    const commandId = randomUUID()
    const env = spec.sandbox === undefined
      ? spec.env
      : { ...spec.env, [SANDBOX_VARIABLE]: spec.sandbox, [COMMAND_VARIABLE]: commandId }
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env,
      detached: true,
      stdio: [spec.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"]
    })
    const stdout = new CappedOutput(spec.outputCapBytes)
    const stderr = new CappedOutput(spec.outputCapBytes)
    let outputLimitExceeded = false
    const sweep = () => {
      killGroup(child)
      if (spec.sandbox !== undefined) killTagged(COMMAND_VARIABLE, commandId)
    }
    const take = (output: CappedOutput) => (chunk: Buffer) => {
      output.push(chunk)
      if (spec.outputLimitBytes !== undefined && stdout.total + stderr.total > spec.outputLimitBytes) {
        if (!outputLimitExceeded) sweep()
        outputLimitExceeded = true
      }
    }
    child.stdout?.on("data", take(stdout))
    child.stderr?.on("data", take(stderr))
    if (spec.stdin !== undefined && child.stdin) {
      child.stdin.on("error", () => undefined)
      child.stdin.end(spec.stdin)
    }
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child)
    }, Duration.toMillis(Duration.decode(spec.timeout)))
    let settled = false
    let grace: NodeJS.Timeout | undefined
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearTimeout(grace)
      resume(Effect.succeed({
        exitCode: code,
        signal,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        outputTruncated: stdout.truncated || stderr.truncated,
        timedOut,
        outputLimitExceeded,
        durationMs: Math.round(performance.now() - started)
      }))
    }
    child.once("exit", (code, signal) => {
      sweep()
      // A process that escaped the sweep (it rewrote its environment) may still hold the pipes: stop reading.
      grace = setTimeout(() => {
        child.stdout?.destroy()
        child.stderr?.destroy()
        settle(code, signal)
      }, closeGrace)
    })
    child.once("error", (error) => {
      clearTimeout(timer)
      settled = true
      resume(
        Effect.fail(new ProcessSpawnError({ command: describe(spec.command), cwd: spec.cwd, message: error.message }))
      )
    })
    child.once("close", settle)
    return Effect.async<void>((done) => {
      clearTimeout(timer)
      if (child.exitCode !== null || child.signalCode !== null) {
        sweep()
        return done(Effect.void)
      }
      const fallback = setTimeout(() => done(Effect.void), 2000)
      child.once("close", () => {
        clearTimeout(fallback)
        done(Effect.void)
      })
      sweep()
    })
  })

export const succeeded = (result: ProcessResult) => result.exitCode === 0 && !result.timedOut
