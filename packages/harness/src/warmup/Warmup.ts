import type { WarmupAgent, WarmupCommand, WarmupOutcome } from "@ze/domain"
import { Duration, Effect, Either, Option, Ref } from "effect"
import { mkdir, mkdtemp, readdir, realpath, rm } from "node:fs/promises"
import { join, resolve } from "node:path"
import type { Usage } from "../agents/Agent.js"
import { Agents } from "../agents/Agents.js"
import { HarnessSettings } from "../HarnessSettings.js"
import { tailOf } from "../process/CappedOutput.js"
import { scrubbedEnv } from "../process/Env.js"
import { runProcess } from "../process/Process.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { makeOracle } from "../tools/Oracle.js"
import { recordingTools } from "../tools/Recording.js"
import { makeTranscriptRecorder } from "../tools/Transcript.js"
import { makeWorkspaceTools } from "../tools/WorkspaceTools.js"
import { copyTree } from "../workspace/CopyTree.js"
import { controlInstruction, warmupAgentName, warmupProblems } from "./WarmupRules.js"

export interface WarmedFixture {
  /** The prepared copy of the fixture: the fixture of this scenario's cells. */
  readonly dir: string
  readonly outcome: WarmupOutcome
}

interface WarmupOptions {
  /** Keep the prepared folder when the scope closes (`--warmup-only`); otherwise the workspace keep policy applies. */
  readonly keep?: boolean
}

const entriesOf = (dir: string) => Effect.promise(() => readdir(dir).then((names) => names.sort(), () => []))

const scripted = (scenario: Scenario, dir: string) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const commands: Array<WarmupCommand> = []
    for (const { cmd, description } of scenario.config.warmup?.commands ?? []) {
      const result = yield* Effect.either(runProcess({
        command: cmd,
        cwd: dir,
        env: scrubbedEnv(),
        timeout: settings.validationTimeout,
        outputCapBytes: settings.outputCapBytes
      }))
      const run: WarmupCommand = Either.match(result, {
        onLeft: (error) => ({
          cmd,
          description: description ?? null,
          exitCode: null,
          timedOut: false,
          durationMs: 0,
          outputTail: error.message
        }),
        onRight: (r) => ({
          cmd,
          description: description ?? null,
          exitCode: r.exitCode,
          timedOut: r.timedOut,
          durationMs: r.durationMs,
          outputTail: tailOf(r.stderr.trim() || r.stdout.trim(), 1500)
        })
      })
      commands.push(run)
      if (run.exitCode !== 0 || run.timedOut) {
        const how = run.timedOut ? "timed out" : run.exitCode === null ? "could not start" : `exited ${run.exitCode}`
        return { commands, agent: null, failure: `warmup command "${cmd}" ${how}: ${run.outputTail}` }
      }
    }
    return { commands, agent: null, failure: null }
  })

const agentWarmup = (scenario: Scenario, dir: string) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const config = scenario.config.warmup?.agent
    const name = warmupAgentName(scenario)
    const model = config?.model ?? null
    const failed = (failure: string, agent: WarmupAgent | null = null) => ({ commands: [], agent, failure })
    const found = yield* Effect.either((yield* Agents).get(name))
    if (Either.isLeft(found)) return failed(`warmup agent: ${found.left.message}`)
    const recorder = yield* makeTranscriptRecorder
    const tools = recordingTools(
      makeWorkspaceTools({
        root: dir,
        oracle: yield* makeOracle({}),
        commandTimeout: settings.toolCommandTimeout,
        outputCapBytes: settings.outputCapBytes
      }),
      recorder
    )
    const timeout = scenario.config.timeout_minutes === undefined
      ? settings.defaultScenarioTimeout
      : Duration.millis(scenario.config.timeout_minutes * 60_000)
    const result = yield* Effect.either(found.right.run({
      prompt: (config?.prompt ?? "") + controlInstruction,
      scenario,
      tier: "warmup",
      model,
      workspaceDir: dir,
      tools,
      transcript: recorder,
      limits: { timeout }
    }))
    const spent = (usage: Usage, finalText: string, resolvedModel?: string): WarmupAgent => ({
      agent: name,
      model: resolvedModel ?? model,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: usage.costUsd,
      finalText: tailOf(finalText, 2000)
    })
    if (Either.isLeft(result)) {
      // A warmup agent that failed or hit a limit still spent tokens: they are recorded with the failure.
      const { message, usage } = result.left
      const said = message.startsWith(`${name}: `) ? message : `${name}: ${message}`
      return failed(`warmup agent ${said}`, usage === undefined ? null : spent(usage, ""))
    }
    const agent = spent(result.right.usage, result.right.finalText, result.right.resolvedModel)
    const control = yield* entriesOf(join(dir, "control"))
    if (control.length === 0) {
      return failed(`the warmup agent left no control/ folder with files in it (upstream's check)`, agent)
    }
    return { commands: [], agent, failure: null }
  })

/**
 * Runs a scenario's warmup on a fresh copy of its committed fixture (never on the fixture itself) and returns the
 * prepared copy, removed when the scope closes. A warmup that cannot run or fails is a `failed` outcome, not an error.
 */
export const runWarmup = (scenario: Scenario, options: WarmupOptions = {}) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const started = new Date()
    const type = scenario.config.warmup?.type ?? null
    const root = resolve(settings.workspacesDir)
    const failed = yield* Ref.make(false)
    const dir = yield* Effect.acquireRelease(
      Effect.promise(async () => {
        await mkdir(root, { recursive: true })
        return realpath(await mkdtemp(join(root, `warmup-${scenario.suite}-${scenario.name}-`.slice(0, 80))))
      }),
      (dir) =>
        Effect.flatMap(Ref.get(failed), (warmupFailed) =>
          options.keep === true || settings.keepWorkspaces === "always" ||
            (settings.keepWorkspaces === "on-failure" && warmupFailed)
            ? Effect.logInfo(`Warmup folder kept: ${dir}`)
            : Effect.promise(() => rm(dir, { recursive: true, force: true, maxRetries: 3 })))
    )
    const problems = warmupProblems(scenario)
    const copied = yield* Option.match(scenario.fixtureDir, {
      onNone: () => Effect.succeed(null),
      onSome: (fixture) =>
        Effect.tryPromise(() => copyTree(fixture, dir, (name) => name !== ".git" && name !== "node_modules")).pipe(
          Effect.as(null),
          Effect.catchAll((error) => Effect.succeed(`cannot copy the fixture ${fixture}: ${error.message}`))
        )
    })
    const ran = problems.length > 0
      ? { commands: [], agent: null, failure: problems.map((p) => `${p.field} ${p.message}`).join("; ") }
      : copied !== null
      ? { commands: [], agent: null, failure: copied }
      : type === "agent"
      ? yield* agentWarmup(scenario, dir)
      : yield* scripted(scenario, dir)
    yield* Ref.set(failed, ran.failure !== null)
    const outcome: WarmupOutcome = {
      scenario: scenarioKey(scenario),
      type,
      status: ran.failure === null ? "succeeded" : "failed",
      reason: ran.failure,
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      commands: ran.commands,
      agent: ran.agent,
      files: yield* entriesOf(dir),
      control: type === "agent" ? yield* entriesOf(join(dir, "control")) : null
    }
    return { dir, outcome } satisfies WarmedFixture
  }).pipe(Effect.withSpan("runWarmup", { attributes: { scenario: scenarioKey(scenario) } }))

/** The outcome recorded for a scenario whose warmup `--skip-warmup` left out: its runs use the committed fixture. */
export const skippedWarmup = (scenario: Scenario): WarmupOutcome => ({
  scenario: scenarioKey(scenario),
  type: scenario.config.warmup?.type ?? null,
  status: "skipped",
  reason: "--skip-warmup: the runs start from the committed fixture",
  startedAt: new Date().toISOString(),
  durationMs: 0,
  commands: [],
  agent: null,
  files: [],
  control: null
})
