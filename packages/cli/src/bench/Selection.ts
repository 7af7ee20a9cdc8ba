import type { BatchDetail } from "@ze/domain"
import { batchProvenanceOf } from "@ze/domain"
import type { MatrixSpec } from "@ze/harness"
import { Agents, fingerprintsOf, loadSuites, scenarioKey, suitesDirOf, validateScenarios } from "@ze/harness"
import { Effect, Option, Schema } from "effect"
import { stripAnsi } from "../Ansi.js"
import { UsageError } from "../Errors.js"
import { splitList } from "../SuitesRoot.js"
import { renderBroken } from "../views/SuiteViews.js"
import { loadSpecialists, templatesDirOf, withSpecialists } from "./Specialists.js"

export interface SelectionFlags {
  readonly suiteArg: Option.Option<string>
  readonly scenarioArg: Option.Option<string>
  readonly tierArg: Option.Option<string>
  readonly agentArg: Option.Option<string>
  readonly suites: ReadonlyArray<string>
  readonly scenarios: ReadonlyArray<string>
  readonly tiers: ReadonlyArray<string>
  readonly agents: ReadonlyArray<string>
  readonly models: ReadonlyArray<string>
  readonly specialists: ReadonlyArray<string>
  readonly templatesDir: Option.Option<string>
  readonly repeat: number
}

const merged = (positional: Option.Option<string>, flags: ReadonlyArray<string>) =>
  splitList([...Option.toArray(positional), ...flags])

/** `all` anywhere in a list selects everything, which the harness spells as an empty list. */
const everythingIfAll = (values: ReadonlyArray<string>) => (values.includes("all") ? [] : values)

/** Whether the command line names a matrix at all (a resume without one reuses the batch's). */
export const namesMatrix = (flags: SelectionFlags) => merged(flags.suiteArg, flags.suites).length > 0

/** Matrix flags given without a suite: on `--resume` they would be silently ignored, so they are refused. */
export const partialMatrixFlags = (flags: SelectionFlags) =>
  [
    ["scenario", merged(flags.scenarioArg, flags.scenarios)],
    ["tier", merged(flags.tierArg, flags.tiers)],
    ["agent", merged(flags.agentArg, flags.agents)],
    ["model", flags.models]
  ].flatMap(([name, values]) => (values as ReadonlyArray<string>).length > 0 ? [`--${name as string}`] : [])
    .concat(flags.repeat !== 1 ? ["--repeat"] : [])

const loadMatrixScenarios = (root: string, suites: ReadonlyArray<string>, scenarios: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const loaded = yield* loadSuites(root, { suites, scenarios })
    if (loaded.invalid.length === 1) return yield* Effect.fail(loaded.invalid[0]!)
    if (loaded.invalid.length > 1) {
      return yield* new UsageError({
        message: `${loaded.invalid.length} scenarios are broken:\n${stripAnsi(renderBroken(loaded.invalid).join("\n"))}`
      })
    }
    // A scenario that cannot run (no prompt, a bad regex, a missing answers file, ...) stops the batch before it starts.
    const errors = validateScenarios(loaded.scenarios).filter((issue) => issue.severity === "error")
    if (errors.length > 0) {
      const fileOf = (key: string) => loaded.scenarios.find((scenario) => scenarioKey(scenario) === key)?.file ?? key
      return yield* new UsageError({
        message: `${errors.length === 1 ? "A scenario cannot" : `${errors.length} problems: scenarios cannot`} run, ` +
          `nothing ran:\n${
            errors.map((e) => `  ${e.scenario} (${fileOf(e.scenario)}) ${e.field}: ${e.message}`).join("\n")
          }`
      })
    }
    return loaded.scenarios
  })

/** The matrix the flags describe; upstream's defaults: tier L0, agent echo. */
export const matrixFromFlags = (flags: SelectionFlags, root: string) =>
  Effect.gen(function*() {
    const suites = merged(flags.suiteArg, flags.suites)
    if (suites.length === 0) {
      return yield* new UsageError({
        message:
          "Which suite? `ze bench SUITE [SCENARIO] [TIER] [AGENT]`, or `ze bench all`; `ze suites list` shows them"
      })
    }
    if (flags.repeat < 1) return yield* new UsageError({ message: `--repeat must be at least 1 (got ${flags.repeat})` })
    const tiers = merged(flags.tierArg, flags.tiers)
    const agentNames = merged(flags.agentArg, flags.agents)
    const scenarios = yield* loadMatrixScenarios(
      root,
      everythingIfAll(suites),
      everythingIfAll(merged(flags.scenarioArg, flags.scenarios))
    )
    const registry = yield* Agents
    const specialistNames = splitList(flags.specialists)
    const defaultAgent = specialistNames.length === 0 ? "echo" : "anthropic"
    const agents = yield* registry.select(
      agentNames.length === 0 ? [defaultAgent] : agentNames,
      splitList(flags.models)
    )
    const specialized = yield* withSpecialists(agents, specialistNames, templatesDirOf(flags.templatesDir, root))
    return {
      scenarios,
      tiers: tiers.length === 0 ? ["L0"] : everythingIfAll(tiers),
      ...specialized,
      repeats: flags.repeat
    } satisfies MatrixSpec
  })

/** What `runBatch` stores in a batch's metadata: enough to rebuild its matrix for `--resume`. */
const StoredMatrix = Schema.parseJson(Schema.Struct({
  scenarios: Schema.Array(Schema.String),
  tiers: Schema.Array(Schema.String),
  agents: Schema.Array(Schema.Struct({
    agent: Schema.String,
    model: Schema.NullOr(Schema.String),
    specialist: Schema.optionalWith(Schema.String, { exact: true })
  })),
  repeats: Schema.Int
}))

/** The matrix a stored batch was started with. */
export const matrixFromBatch = (batch: BatchDetail, root: string, templatesDir: Option.Option<string>) =>
  Effect.gen(function*() {
    const stored = Schema.decodeUnknownOption(StoredMatrix)(batch.metadata)
    if (Option.isNone(stored)) {
      return yield* new UsageError({
        message:
          `Batch ${batch.batchId} does not record its matrix: name it again (ze bench SUITE ... --resume ${batch.batchId})`
      })
    }
    const keys = stored.value.scenarios
    const suites = [...new Set(keys.map((key) => key.split("/")[0]!))]
    const names = [...new Set(keys.map((key) => key.split("/").slice(1).join("/")))]
    const loaded = (yield* loadMatrixScenarios(root, suites, names)).filter((scenario) =>
      keys.includes(scenarioKey(scenario))
    )
    const missing = keys.filter((key) => !loaded.some((scenario) => scenarioKey(scenario) === key))
    if (missing.length > 0) {
      return yield* new UsageError({
        message: `Batch ${batch.batchId} ran scenarios that are not under ${root}: ${missing.join(", ")}`
      })
    }
    const specialistNames = [...new Set(stored.value.agents.flatMap((selection) => selection.specialist ?? []))]
    const specialists = yield* loadSpecialists(specialistNames, templatesDirOf(templatesDir, root))
    return {
      scenarios: loaded,
      tiers: stored.value.tiers,
      agents: stored.value.agents,
      repeats: stored.value.repeats,
      specialists
    } satisfies MatrixSpec
  })

/** Where a resumed batch's scenarios live: `--suites-dir` when given, else the folder the batch recorded. */
export const resumeRoot = (batch: BatchDetail, flag: Option.Option<string>, fallback: string) =>
  Option.getOrElse(flag, () => batchProvenanceOf(batch.metadata).suitesDir ?? fallback)

/** A batch holds one version of each task: resuming or filling it with a scenario that has changed is refused. */
export const refuseChangedScenarios = (batch: BatchDetail, spec: MatrixSpec) =>
  Effect.gen(function*() {
    const stored = batchProvenanceOf(batch.metadata).fingerprints
    const current = yield* fingerprintsOf(spec.scenarios)
    const changed = Object.keys(current).filter((key) => stored[key] !== undefined && stored[key] !== current[key])
    if (changed.length === 0) return
    const root = spec.scenarios[0] === undefined ? "" : ` --suites-dir ${suitesDirOf(spec.scenarios[0])}`
    const suites = [...new Set(spec.scenarios.map((scenario) => scenario.suite))].join(",")
    const tiers = spec.tiers && spec.tiers.length > 0 ? ` --tier ${spec.tiers.join(",")}` : " --tier all"
    const agents = [...new Set(spec.agents.map((selection) => selection.agent))].join(",")
    return yield* new UsageError({
      message:
        `Batch ${batch.batchId} cannot go on: ${
          changed.join(", ")
        } changed since it ran (scenario.yaml, prompts, fixture or ` +
        `solution differ from the fingerprint it recorded), and one batch holds one version of each task. Start a new batch ` +
        `instead: ze bench ${suites}${tiers} --agent ${agents}${root}`
    })
  })
