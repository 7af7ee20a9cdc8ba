import { Data, Effect } from "effect"
import type { Agent } from "../agents/Agent.js"
import { preferredModel, specialistPrompt } from "../specialists/Prompt.js"
import type { Cell } from "./Matrix.js"

export class SpecialistMismatch extends Data.TaggedError("SpecialistMismatch")<{ readonly message: string }> {}

/** What a specialist changes in a cell's run: its system prompt and, unless the batch names one, its model. */
export interface Specialized {
  readonly systemPrompt: string
  readonly taskType: string
  readonly model: string | null
}

/** The specialist's prompt for this cell (static path), or `undefined` when the cell has no specialist. */
export const specialize = (cell: Cell, agent: Agent, prompt: string) =>
  Effect.gen(function*() {
    const specialist = cell.specialist
    if (specialist === null) return undefined
    if (agent.takesSystemPrompt !== true) {
      return yield* new SpecialistMismatch({
        message:
          `the specialist ${specialist.name} wraps a model agent that takes a system prompt (anthropic, openai); ${agent.name} does not`
      })
    }
    const model = cell.model ?? preferredModel(specialist.template) ?? null
    const { scenario } = cell
    const { systemPrompt, taskType } = specialistPrompt(specialist.template, {
      prompt,
      model,
      variables: {
        "scenario.id": scenario.config.id,
        "scenario.title": scenario.config.title ?? scenario.name,
        "scenario.suite": scenario.suite,
        "scenario.name": scenario.name,
        tier: cell.tier,
        model: model ?? "",
        "specialist.name": specialist.name
      }
    })
    return { systemPrompt, taskType, model } satisfies Specialized
  })
