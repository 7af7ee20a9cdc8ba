import { Effect, Option } from "effect"
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { PromptFile, Scenario } from "./Scenario.js"
import { PromptNotFound } from "./ScenarioErrors.js"

export const tierPattern = /^(L\d+|Lx)(-.*)?\.md$/

/** Prompt files of a scenario's prompts folder, sorted by name; an absent folder has none. */
export const discoverPrompts = (dir: string): Effect.Effect<ReadonlyArray<PromptFile>> =>
  Effect.promise(() => readdir(dir).catch(() => [] as Array<string>)).pipe(
    Effect.map((names) =>
      names.sort().flatMap((name) => {
        const match = tierPattern.exec(name)
        return match?.[1] ? [{ tier: match[1], name, path: join(dir, name) }] : []
      })
    )
  )

/** Prefix match as upstream: `L1` finds `L1.md` or `L1-basic.md`, `L1-basic` finds `L1-basic.md`. */
export const findPrompt = (scenario: Scenario, tier: string): Option.Option<PromptFile> =>
  Option.fromNullable(scenario.prompts.find((p) => p.name === `${tier}.md` || p.name.startsWith(`${tier}-`)))

/** The distinct tiers a scenario has prompts for. */
export const tiersOf = (scenario: Scenario): ReadonlyArray<string> => [...new Set(scenario.prompts.map((p) => p.tier))]

export const readPrompt = (scenario: Scenario, tier: string) =>
  Option.match(findPrompt(scenario, tier), {
    onNone: () =>
      Effect.fail(
        new PromptNotFound({
          suite: scenario.suite,
          scenario: scenario.name,
          tier,
          available: scenario.prompts.map((p) => p.name),
          message: `No ${tier} prompt for ${scenario.suite}/${scenario.name} in ${scenario.promptsDir}` +
            ` (available: ${scenario.prompts.map((p) => p.name).join(", ") || "none"})`
        })
      ),
    onSome: (prompt) =>
      Effect.tryPromise({
        try: () => readFile(prompt.path, "utf8"),
        catch: (error) =>
          new PromptNotFound({
            suite: scenario.suite,
            scenario: scenario.name,
            tier,
            available: scenario.prompts.map((p) => p.name),
            message: `Cannot read prompt ${prompt.path}: ${String(error)}`
          })
      }).pipe(Effect.map((text) => ({ prompt, text })))
  })
