import type { ScenarioBaseline } from "@ze/domain"
import type { Cell, Scenario } from "@ze/harness"
import {
  Baselines,
  evaluationCommands,
  judgeNotApplicable,
  LlmJudge,
  needsFixture,
  noSignalWarning,
  scenarioKey
} from "@ze/harness"
import { Effect, Option } from "effect"
import { missingFor } from "./Preflight.js"

const declaresChecks = (scenario: Scenario) =>
  evaluationCommands(scenario).length > 0 ||
  (scenario.config.heuristic_checks?.enabled !== false &&
    ["files", "patterns", "structured", "scripts"].some((kind) =>
      (scenario.config.heuristic_checks?.[kind as "files"] ?? []).length > 0
    ))

const judgeUnavailable = Effect.map(
  Effect.serviceOption(LlmJudge),
  (judge) => Option.getOrElse(judge, () => LlmJudge.unavailable).unavailable
)

/** Why a cell cannot run or cannot be scored on this machine, or `undefined` when it can. */
export const blockedReason = (cell: Cell) =>
  Effect.gen(function*() {
    const { scenario } = cell
    if (
      needsFixture(scenario) && Option.isNone(scenario.fixtureDir)
    ) return `no repo-fixture/ or repo/ in ${scenario.dir}`
    const missing = yield* missingFor(cell.agent)
    if (missing !== undefined) return missing
    if (
      cell.agent === "oracle" && Option.isNone(scenario.solution)
    ) return "the oracle agent needs a solution/ or solution.patch"
    if (declaresChecks(scenario)) return undefined
    const judge = judgeNotApplicable(scenario) ?? (yield* judgeUnavailable)
    return judge === undefined
      ? undefined
      : `nothing can score it: no validation command or heuristic check, and the LLM judge will not run (${judge})`
  })

/** What a dry run can say about a scenario's baseline without running it: the cached one, or what its YAML declares. */
export const dryRunWarning = (scenario: Scenario) =>
  Effect.gen(function*() {
    const baselines = yield* Effect.serviceOption(Baselines)
    const cached = Option.isSome(baselines) ? yield* baselines.value.cached(scenario) : Option.none<ScenarioBaseline>()
    const baseline = Option.getOrElse(cached, (): ScenarioBaseline | undefined =>
      declaresChecks(scenario)
        ? undefined
        : {
          scenario: scenarioKey(scenario),
          fingerprint: "",
          evaluatedAt: "",
          checks: [],
          judgeNotApplicable: judgeNotApplicable(scenario) ?? null
        })
    return baseline === undefined ? undefined : noSignalWarning(baseline, yield* judgeUnavailable)
  })
