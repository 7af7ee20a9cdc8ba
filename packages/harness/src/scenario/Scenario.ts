import type { Option } from "effect"
import type { ScenarioConfig } from "./ScenarioSchema.js"

/** A prompt file: `tier` is the part the tier regex captured (`L1` for `L1-basic.md`). */
export interface PromptFile {
  readonly tier: string
  readonly name: string
  readonly path: string
}

export type Solution =
  | { readonly _tag: "Overlay"; readonly dir: string }
  | { readonly _tag: "Patch"; readonly file: string }

/** A scenario found on disk: its decoded YAML plus where its fixture, prompts and solution live. */
export interface Scenario {
  /** Suite directory name. */
  readonly suite: string
  /** Scenario directory name: with `suite`, what identifies a scenario (the YAML `id` may repeat). */
  readonly name: string
  readonly dir: string
  readonly file: string
  readonly config: ScenarioConfig
  readonly fixtureDir: Option.Option<string>
  readonly promptsDir: string
  readonly prompts: ReadonlyArray<PromptFile>
  readonly solution: Option.Option<Solution>
  readonly oracleAnswersFile: Option.Option<string>
  /** `warmup`: `fixtureDir` is what this batch's warmup prepared, whose `node_modules/` the runs get too (upstream). */
  readonly preparedBy?: "warmup"
}

export const scenarioKey = (scenario: Pick<Scenario, "suite" | "name">) => `${scenario.suite}/${scenario.name}`

/** Whether the scenario works on a code workspace (upstream: unless `workspace.required: false` or an artifact). */
export const needsFixture = (scenario: Scenario) =>
  scenario.config.workspace?.required !== false && scenario.config.artifact === undefined
