import { Duration, Effect } from "effect"
import { tailOf } from "../process/CappedOutput.js"
import { scrubbedEnv } from "../process/Env.js"
import { runProcess } from "../process/Process.js"
import type { Scenario } from "../scenario/Scenario.js"
import type { EvaluatorResult } from "./Evaluation.js"
import { commandEvaluatorName, commandKindOrder, errored, ran } from "./Evaluation.js"

/** One validation command as it ran. */
export interface CommandRun {
  readonly kind: string
  readonly command: string
  readonly required: boolean
  readonly passed: boolean
  readonly exitCode: number | null
  readonly timedOut: boolean
  readonly durationMs: number
  readonly stdoutTail: string
  readonly stderrTail: string
}

export interface ValidationOutcome {
  readonly runs: ReadonlyArray<CommandRun>
  readonly evaluations: ReadonlyArray<EvaluatorResult>
  /** Required commands that did not pass (empty when all passed). */
  readonly requiredFailures: ReadonlyArray<string>
}

/** Declared commands in run order: install, build, typecheck, lint, test, then any other kind in YAML order. */
export const orderedCommands = (scenario: Scenario): ReadonlyArray<readonly [string, string]> => {
  const commands = scenario.config.validation?.commands ?? {}
  const known: ReadonlyArray<string> = commandKindOrder
  const first = known.flatMap((kind) => (commands[kind] === undefined ? [] : [[kind, commands[kind]] as const]))
  const rest = Object.entries(commands).filter(([kind]) => !known.includes(kind))
  return [...first, ...rest]
}

const describeRun = (run: CommandRun) => {
  const outcome = run.timedOut ? `timed out after ${run.durationMs} ms` : `exit ${run.exitCode} in ${run.durationMs} ms`
  const output = run.passed ? "" : `\n${tailOf(run.stderrTail.trim() || run.stdoutTail.trim(), 1500)}`
  return `${run.command}: ${outcome}${output}`
}

/**
 * Runs every declared validation command (upstream ran only install, lint and typecheck), each with a deadline
 * that kills its process tree. Each command is one evaluator (`install_success`, `tests_nonregression`, ...).
 */
export const runValidation = (
  scenario: Scenario,
  workspaceDir: string,
  options: {
    readonly timeout: Duration.Duration
    readonly outputCapBytes: number
    /** A command that prints more than this is stopped. */
    readonly outputLimitBytes?: number
  }
) =>
  Effect.gen(function*() {
    if (scenario.config.validation?.required === false) return { runs: [], evaluations: [], requiredFailures: [] }
    const commands = orderedCommands(scenario)
    const required = new Set(scenario.config.validation?.required_commands ?? commands.map(([kind]) => kind))
    const minutes = scenario.config.validation?.timeout_minutes
    const timeout = minutes === undefined ? options.timeout : Duration.millis(minutes * 60_000)
    const runs: Array<CommandRun> = []
    const evaluations: Array<EvaluatorResult> = []
    for (const [kind, command] of commands) {
      const name = commandEvaluatorName(kind)
      const result = yield* Effect.either(
        runProcess({
          command,
          cwd: workspaceDir,
          env: scrubbedEnv(),
          timeout,
          outputCapBytes: options.outputCapBytes,
          sandbox: workspaceDir,
          ...(options.outputLimitBytes === undefined ? {} : { outputLimitBytes: options.outputLimitBytes })
        })
      )
      if (result._tag === "Left") {
        evaluations.push(errored(name, result.left.message))
        runs.push({
          kind,
          command,
          required: required.has(kind),
          passed: false,
          exitCode: null,
          timedOut: false,
          durationMs: 0,
          stdoutTail: "",
          stderrTail: result.left.message
        })
        continue
      }
      const r = result.right
      const run: CommandRun = {
        kind,
        command,
        required: required.has(kind),
        passed: r.exitCode === 0 && !r.timedOut,
        exitCode: r.exitCode,
        timedOut: r.timedOut,
        durationMs: r.durationMs,
        stdoutTail: tailOf(r.stdout),
        stderrTail: tailOf(r.stderr)
      }
      runs.push(run)
      evaluations.push(ran(name, run.passed ? 1 : 0, describeRun(run)))
    }
    return {
      runs,
      evaluations,
      requiredFailures: runs.filter((run) => run.required && !run.passed).map((run) => run.kind)
    } satisfies ValidationOutcome
  }).pipe(Effect.withSpan("runValidation"))

/** All command output as one text log (stored as the `commands.log` artifact). */
export const commandLog = (runs: ReadonlyArray<CommandRun>) =>
  runs.map((run) =>
    [
      `$ ${run.command}    # ${run.kind}${run.required ? "" : " (optional)"}`,
      run.timedOut ? `timed out after ${run.durationMs} ms` : `exit ${run.exitCode} in ${run.durationMs} ms`,
      run.stdoutTail.trim() === "" ? "" : `--- stdout\n${run.stdoutTail.trimEnd()}`,
      run.stderrTail.trim() === "" ? "" : `--- stderr\n${run.stderrTail.trimEnd()}`
    ].filter((line) => line !== "").join("\n")
  ).join("\n\n")
