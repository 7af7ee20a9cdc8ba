import { Context, Effect, Layer } from "effect"
import type { Scenario } from "../scenario/Scenario.js"
import type { CommandRun } from "./Commands.js"
import type { DiffResult } from "./Diff.js"
import type { EvaluatorResult } from "./Evaluation.js"
import { LLM_JUDGE, skipped } from "./Evaluation.js"
import type { IntegrityFinding } from "./Integrity.js"

export interface JudgeInput {
  readonly scenario: Scenario
  readonly finalText: string
  readonly diff: DiffResult
  readonly commands: ReadonlyArray<CommandRun>
  readonly tier?: string
  /** The prompt the agent was given. */
  readonly prompt?: string
  readonly findings?: ReadonlyArray<IntegrityFinding>
}

export interface JudgeOutcome {
  readonly result: EvaluatorResult
  readonly costUsd: number | null
  readonly tokensIn: number | null
  readonly tokensOut: number | null
}

export interface LlmJudgeShape {
  readonly evaluate: (input: JudgeInput) => Effect.Effect<JudgeOutcome>
  /** Why no judge will run (no key, no provider), when none is configured. */
  readonly unavailable?: string
}

const skip = (reason: string): JudgeOutcome => ({
  result: skipped(LLM_JUDGE, reason),
  costUsd: null,
  tokensIn: null,
  tokensOut: null
})

/** The reason a scenario's judge would not run whatever the judge is, or `undefined` when it should run. */
export const judgeNotApplicable = (scenario: Scenario) =>
  scenario.config.llm_judge?.enabled !== true
    ? "llm_judge is not enabled in scenario.yaml"
    : (scenario.config.llm_judge.categories ?? []).length === 0
    ? "llm_judge has no categories in scenario.yaml"
    : undefined

/** The judge's place in the pipeline. Until a model judge is provided, it is skipped with a reason, never scored 0. */
export class LlmJudge extends Context.Tag("ze/harness/LlmJudge")<LlmJudge, LlmJudgeShape>() {
  static readonly unavailable: LlmJudgeShape = {
    unavailable: "no LLM judge is configured",
    evaluate: (input) => Effect.succeed(skip(judgeNotApplicable(input.scenario) ?? "no LLM judge is configured"))
  }
  static readonly layerUnavailable = Layer.succeed(LlmJudge, LlmJudge.unavailable)
}
