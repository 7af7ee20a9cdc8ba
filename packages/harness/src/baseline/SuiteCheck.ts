import type { ScenarioBaseline } from "@ze/domain"
import { discriminatingChecks } from "@ze/domain"
import { Effect, Option } from "effect"
import { oracleAgent } from "../agents/OracleAgent.js"
import { LLM_JUDGE, skipped } from "../evaluators/Evaluation.js"
import { requiredCommandsGate } from "../evaluators/Evaluators.js"
import { HarnessSettings } from "../HarnessSettings.js"
import { tiersOf } from "../scenario/Prompts.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { scoreEvaluations, verdict } from "../scoring/Scoring.js"
import { noSignalWarning, signalOf } from "../scoring/Signal.js"
import { loadOracle } from "../tools/Oracle.js"
import { makeTranscriptRecorder } from "../tools/Transcript.js"
import { makeWorkspaceTools } from "../tools/WorkspaceTools.js"
import { warmupMissing } from "../warmup/WarmupNeeds.js"
import { Workspaces } from "../workspace/Workspaces.js"
import { evaluateWorkspace } from "./Baseline.js"
import { Baselines } from "./Baselines.js"
import { cannotRunHere } from "./Runnable.js"

export type CheckVerdict = "valid" | "no-op passes" | "oracle fails" | "no reference solution" | "cannot run here"

/** What `ze suites check` found for one scenario (every tier: the evaluators do not read the tier). */
export interface ScenarioCheck {
  readonly scenario: string
  readonly tiers: ReadonlyArray<string>
  readonly verdict: CheckVerdict
  readonly reason: string
  readonly discriminating: ReadonlyArray<string>
  readonly passingOnBaseline: ReadonlyArray<string>
  /** Checks the reference solution fails; null when it was not run. */
  readonly oracleFails: ReadonlyArray<string> | null
  /** What it needs before it can run that this machine lacks (a program, its warmup's agent key or binary). */
  readonly needs: ReadonlyArray<string>
}

export interface CheckOptions {
  /** Run commands that fetch dependencies (off by default: a check is bounded and offline). */
  readonly network: boolean
  readonly passThreshold?: number
}

const oracleRun = (scenario: Scenario, baseline: ScenarioBaseline, threshold: number) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const workspace = yield* (yield* Workspaces).acquire({
      scenario,
      label: `${scenario.suite}-${scenario.name}-oracle-check`
    })
    const tools = makeWorkspaceTools({
      root: workspace.dir,
      oracle: yield* loadOracle(scenario.oracleAnswersFile),
      commandTimeout: settings.toolCommandTimeout,
      outputCapBytes: settings.outputCapBytes
    })
    yield* oracleAgent.run({
      prompt: "",
      scenario,
      tier: tiersOf(scenario)[0] ?? "L0",
      model: null,
      workspaceDir: workspace.dir,
      tools,
      transcript: yield* makeTranscriptRecorder,
      limits: {}
    })
    const { checks, heuristics, validation } = yield* evaluateWorkspace(scenario, workspace.dir)
    const judge = skipped(LLM_JUDGE, "suites check does not run the LLM judge")
    const weights = scenario.config.rubric_overrides?.weights ?? {}
    const scored = verdict({
      score: scoreEvaluations([...validation.evaluations, heuristics.result, judge], weights),
      threshold,
      gates: [requiredCommandsGate(validation.requiredFailures)].filter((gate) => gate !== undefined)
    })
    const signal = signalOf({ baseline, checks, judge, threshold })
    const failing = checks.filter((check) => !check.passes).map((check) => check.name)
    const reason = scored.status !== "passed" ? scored.reason : signal.noSignal
    return { failing, reason }
  }).pipe(Effect.scoped)

/** The baseline and, where a reference solution exists, the oracle, classified as `ze suites check` prints them. */
export const checkScenario = (scenario: Scenario, options: CheckOptions) =>
  Effect.gen(function*() {
    // A scenario whose warmup cannot run here cannot run here: its cells (and its baseline) start from the warmup.
    const needs = [...Option.toArray(cannotRunHere(scenario, options)), ...(yield* warmupMissing(scenario))]
    const base = { scenario: scenarioKey(scenario), tiers: tiersOf(scenario), needs }
    const none = { discriminating: [], passingOnBaseline: [], oracleFails: null }
    if (needs.length > 0) {
      return { ...base, ...none, verdict: "cannot run here", reason: needs.join("; ") } satisfies ScenarioCheck
    }
    const evaluated = yield* Effect.either((yield* Baselines).get(scenario))
    if (evaluated._tag === "Left") {
      return {
        ...base,
        ...none,
        verdict: "cannot run here",
        reason: `the untouched fixture could not be evaluated: ${evaluated.left.message}`
      } satisfies ScenarioCheck
    }
    const baseline = evaluated.right
    const found = {
      discriminating: discriminatingChecks(baseline).map((check) => check.name),
      passingOnBaseline: baseline.checks.filter((check) => check.passes).map((check) => check.name)
    }
    if (found.discriminating.length === 0) {
      const reason = noSignalWarning(baseline, "suites check does not run the LLM judge") ??
        "nothing fails on the untouched fixture"
      return {
        ...base,
        ...found,
        oracleFails: null,
        verdict: "no-op passes",
        reason: reason.slice(base.scenario.length + 2)
      } satisfies ScenarioCheck
    }
    if (Option.isNone(scenario.solution)) {
      return {
        ...base,
        ...found,
        oracleFails: null,
        verdict: "no reference solution",
        reason: "no solution/ or solution.patch to check against"
      } satisfies ScenarioCheck
    }
    const threshold = scenario.config.rubric_overrides?.pass_threshold ?? options.passThreshold ??
      (yield* HarnessSettings).passThreshold
    const oracle = yield* Effect.either(oracleRun(scenario, baseline, threshold))
    if (oracle._tag === "Left") {
      return {
        ...base,
        ...found,
        oracleFails: null,
        verdict: "oracle fails",
        reason: `the reference solution could not be applied: ${oracle.left.message}`
      } satisfies ScenarioCheck
    }
    return {
      ...base,
      ...found,
      oracleFails: oracle.right.failing,
      verdict: oracle.right.reason === null ? "valid" : "oracle fails",
      reason: oracle.right.reason ??
        `${found.discriminating.join(", ")} fail${
          found.discriminating.length === 1 ? "s" : ""
        } on the untouched fixture and pass with the reference solution`
    } satisfies ScenarioCheck
  }).pipe(Effect.withSpan("checkScenario", { attributes: { scenario: scenarioKey(scenario) } }))
