import type { SpecialistTemplate } from "./Template.js"

/** Task types and the words in a prompt that suggest them, checked in this order (upstream's detection). */
const taskKeywords: ReadonlyArray<readonly [string, RegExp]> = [
  ["migration", /\b(migrat\w*|upgrade|convert|port(ing)? to|move from|switch(ing)? to)\b/i],
  ["bug_fix", /\b(fix\w*|bug|debug\w*|broken|error|crash\w*|issue)\b/i],
  ["testing", /\b(tests?|testing|spec|coverage|vitest|jest)\b/i],
  ["refactoring", /\b(refactor\w*|clean ?up|restructur\w*|simplif\w*)\b/i],
  ["documentation", /\b(document\w*|readme|docs|jsdoc)\b/i],
  ["project_setup", /\b(set ?up|scaffold\w*|initiali[sz]\w*|bootstrap\w*|create a new|new project)\b/i],
  ["component_generation", /\b(components?|page|ui|render\w*|implement\w*|build|create)\b/i]
]

/** The task type a prompt asks for, or `default`. */
export const detectTaskType = (prompt: string) => taskKeywords.find(([, words]) => words.test(prompt))?.[0] ?? "default"

const normalise = (model: string) => model.toLowerCase().replace(/^[a-z0-9-]+\//, "").replace(/[^a-z0-9]/g, "")

/** The template's key for a model (`claude-sonnet-4.5` matches `anthropic/claude-sonnet-4-5`), if any. */
const modelKey = (keys: ReadonlyArray<string>, model: string | null) => {
  if (model === null) return undefined
  const wanted = normalise(model)
  return keys.find((key) => normalise(key) === wanted) ??
    keys.find((key) => wanted.includes(normalise(key)) || normalise(key).includes(wanted))
}

type Group = Readonly<Record<string, string | Readonly<Record<string, string | Readonly<Record<string, string>>>>>>

const texts = (value: unknown): Readonly<Record<string, string>> | undefined =>
  value !== null && typeof value === "object" && Object.values(value).every((v) => typeof v === "string")
    ? (value as Record<string, string>)
    : undefined

/** Model-specific text of `group` when the model matches one, else its default. */
const pick = (group: Group | undefined, model: string | null, field: string) => {
  if (group === undefined) return undefined
  const byModel = group.model_specific
  const specific = byModel !== undefined && typeof byModel === "object"
    ? modelKey(Object.keys(byModel), model)
    : undefined
  const fromModel = specific === undefined ? undefined : texts((byModel as Record<string, unknown>)[specific])?.[field]
  return fromModel ?? texts(group.default)?.[field]
}

/** Replaces `{{name}}` (spaces allowed) with its value; unknown names stay as written. */
export const substitute = (text: string, variables: Readonly<Record<string, string>>) =>
  text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => variables[name] ?? whole)

export interface SpecialistPrompt {
  readonly systemPrompt: string
  readonly taskType: string
}

/**
 * Upstream's static prompt path: the spawner prompt (model-specific, else default), then the detected task's
 * system prompt (model-specific, else default), with mustache-style variables filled in.
 */
export const specialistPrompt = (
  template: SpecialistTemplate,
  input: {
    readonly prompt: string
    readonly model: string | null
    readonly variables: Readonly<Record<string, string>>
  }
): SpecialistPrompt => {
  const prompts = template.prompts ?? {}
  const taskType = detectTaskType(input.prompt)
  const spawner = pick(
    { default: prompts.default ?? {}, model_specific: prompts.model_specific ?? {} } as Group,
    input.model,
    "spawnerPrompt"
  )
  const task = taskType === "default"
    ? undefined
    : pick(prompts[taskType] as Group | undefined, input.model, "systemPrompt")
  const persona = template.persona?.purpose
  const parts = [
    spawner ?? (persona === undefined ? undefined : `You are ${template.displayName ?? template.name}. ${persona}`),
    task
  ]
    .filter((part): part is string => part !== undefined && part.trim() !== "")
  return { systemPrompt: substitute(parts.join("\n\n"), input.variables), taskType }
}

/** The model the template prefers (its first `preferred_models` entry). */
export const preferredModel = (template: SpecialistTemplate) => template.preferred_models?.[0]?.model
