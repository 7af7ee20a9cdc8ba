import type { CommandRun } from "../evaluators/Commands.js"
import type { DiffResult } from "../evaluators/Diff.js"
import type { IntegrityFinding } from "../evaluators/Integrity.js"
import type { Scenario } from "../scenario/Scenario.js"

/** A rubric category: its text as written in scenario.yaml, its slug, and its weight if one was given. */
export interface JudgeCategory {
  readonly text: string
  readonly slug: string
  readonly weight: number | undefined
}

/** Upstream's slug: the text before the first `:` or `(`, lower-cased, non-alphanumeric runs as `_`. */
export const categorySlug = (text: string) =>
  (text.split(/[:(]/)[0] ?? text).trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")

/** A weight written in the category text, such as "(Weight: 35%)" or "(weight 2)". */
export const weightInText = (text: string): number | undefined => {
  const match = /\(\s*weight\s*:?\s*(\d+(?:\.\d+)?)\s*%?\s*\)/i.exec(text)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/**
 * Weights: explicit (by slug or by the category's full text) if given, else written in the text, else equal.
 * A category left without a weight among weighted ones gets their mean, so it is neither dropped nor dominant.
 */
export const judgeCategories = (
  texts: ReadonlyArray<string>,
  explicit: Readonly<Record<string, number>> = {}
): ReadonlyArray<JudgeCategory> => {
  const raw = texts.map((text) => {
    const slug = categorySlug(text)
    return { text, slug, weight: explicit[slug] ?? explicit[text] ?? weightInText(text) }
  })
  const given = raw.flatMap((c) => (c.weight === undefined ? [] : [c.weight]))
  if (given.length === 0) return raw.map((c) => ({ ...c, weight: 1 }))
  const mean = given.reduce((a, b) => a + b, 0) / given.length
  return raw.map((c) => ({ ...c, weight: c.weight ?? mean }))
}

/** Weighted mean of (s - 1) / 4 over the categories; `undefined` when the weights sum to 0. */
export const weightedJudgeScore = (categories: ReadonlyArray<JudgeCategory>, scores: ReadonlyMap<string, number>) => {
  let sum = 0
  let weights = 0
  for (const c of categories) {
    const s = scores.get(c.slug)
    if (s === undefined) continue
    const w = c.weight ?? 1
    sum += w * ((s - 1) / 4)
    weights += w
  }
  return weights === 0 ? undefined : sum / weights
}

export interface JudgePromptInput {
  readonly scenario: Scenario
  readonly tier?: string
  readonly prompt?: string
  readonly finalText: string
  readonly diff: DiffResult
  readonly commands: ReadonlyArray<CommandRun>
  readonly findings?: ReadonlyArray<IntegrityFinding>
}

export const JUDGE_SYSTEM_PROMPT =
  "You are an expert code reviewer grading the work of an AI coding agent. Be strict and factual: judge only what the " +
  "diff, the command results and the agent's message show. Score each category from 1 to 5 and answer with JSON only."

const capped = (text: string, cap: number) =>
  text.length <= cap ? text : `${text.slice(0, cap)}\n…[diff truncated: ${text.length - cap} more characters]`

const fence = (text: string) => "```\n" + text.replace(/```/g, "'''") + "\n```"

/** The judge's user message: task, tier, agent message, capped diff, command results, integrity findings, rubric. */
export const judgeUserPrompt = (input: JudgePromptInput, categories: ReadonlyArray<JudgeCategory>, diffCap: number) => {
  const { config } = input.scenario
  const task = [
    `Scenario: ${config.id} (${input.scenario.suite}/${input.scenario.name})`,
    config.title === undefined ? "" : `Title: ${config.title}`,
    config.description === undefined ? "" : `Description:\n${config.description.trim()}`,
    config.constraints === undefined ? "" : `Constraints: ${JSON.stringify(config.constraints)}`,
    config.targets === undefined ? "" : `Targets: ${JSON.stringify(config.targets)}`
  ].filter((l) => l !== "")
  const files = input.diff.files.map((f) => `- ${f.status} ${f.path}${f.from === undefined ? "" : ` (from ${f.from})`}`)
  const deps = input.diff.dependencies.map((d) =>
    `- ${d.file} ${d.section} ${d.name}: ${d.from ?? "(none)"} → ${d.to ?? "(removed)"}`
  )
  const commands = input.commands.map((c) =>
    `- ${c.kind}: \`${c.command}\` ${
      c.passed ? "passed" : c.timedOut ? "timed out" : `failed (exit ${c.exitCode ?? "none"})`
    }` +
    (c.passed ? "" : `\n${fence((c.stderrTail.trim() || c.stdoutTail.trim()).slice(-800))}`)
  )
  const findings = input.findings === undefined
    ? ["(not available)"]
    : input.findings.length === 0
    ? ["none"]
    : input.findings.map((f) => `- ${JSON.stringify(f)}`)
  const rubric = categories.map((c, i) => `${i + 1}. ${c.slug}: ${c.text}`)
  return [
    "## Task",
    ...task,
    `Prompt tier: ${input.tier ?? "(unknown)"}`,
    ...(input.prompt === undefined ? [] : ["Prompt given to the agent:", fence(input.prompt)]),
    "",
    "## The agent's final message",
    input.finalText.trim() === "" ? "(no message)" : fence(input.finalText.slice(0, 8000)),
    "",
    "## Changed files",
    ...(files.length === 0 ? ["(no changes)"] : files),
    ...(deps.length === 0 ? [] : ["", "## Dependency changes", ...deps]),
    "",
    "## Diff",
    input.diff.patch.trim() === "" ? "(empty)" : fence(capped(input.diff.patch, diffCap)),
    "",
    "## Validation commands",
    ...(commands.length === 0 ? ["(none declared)"] : commands),
    "",
    "## Integrity findings (tests or configuration weakened, changes outside the workspace)",
    ...findings,
    "",
    "## Scoring",
    "1 = wrong or missing, 2 = major problems, 3 = partly done, 4 = good with minor issues, 5 = excellent.",
    "Work that does not pass its validation commands or weakens tests cannot score above 2 for correctness.",
    "",
    "## Categories (use these slugs)",
    ...rubric,
    "",
    "Answer with exactly this JSON and nothing else:",
    `{"scores":[{"category":"<slug>","score":<1-5>,"reasoning":"<one or two sentences>"}],"overall_assessment":"<short summary>"}`
  ].join("\n")
}
