import type { AgentSelection, Specialist } from "@ze/harness"
import { Agents, loadSpecialist } from "@ze/harness"
import { Effect, Option } from "effect"
import { dirname, join, resolve } from "node:path"
import { UsageError } from "../Errors.js"

/** `--specialist none` runs the plain agent next to the specialists (the comparison "does it help?"). */
export const PLAIN_AGENT = "none"

/** `--templates-dir`, else `templates/` beside the suites folder (upstream's layout). */
export const templatesDirOf = (flag: Option.Option<string>, suitesRoot: string) =>
  Option.getOrElse(flag, () => join(dirname(resolve(suitesRoot)), "templates"))

/** Each named template loaded and validated; a broken one is a usage error naming its file and field. */
export const loadSpecialists = (names: ReadonlyArray<string>, dir: string) =>
  Effect.map(
    Effect.forEach(names.filter((name) => name !== PLAIN_AGENT), (name) =>
      Effect.mapError(loadSpecialist(dir, name), (error) => new UsageError({ message: error.message }))),
    (loaded) =>
      new Map(loaded.map((specialist): [string, Specialist] => [specialist.name, specialist]))
  )

/** Every model agent that takes a system prompt, once per specialist (and plain for `none`); other agents as they are. */
export const withSpecialists = (agents: ReadonlyArray<AgentSelection>, names: ReadonlyArray<string>, dir: string) =>
  Effect.gen(function*() {
    if (names.length === 0) return { agents }
    const specialists = yield* loadSpecialists(names, dir)
    const registry = yield* Agents
    const wrappable = yield* Effect.forEach(
      agents,
      (selection) =>
        Effect.map(Effect.orDie(registry.get(selection.agent)), (agent) => agent.takesSystemPrompt === true)
    )
    if (!wrappable.some(Boolean)) {
      return yield* new UsageError({
        message: `--specialist wraps a model agent that takes a system prompt: add --agent anthropic or --agent openai`
      })
    }
    const expanded = agents.flatMap((selection, i): ReadonlyArray<AgentSelection> =>
      wrappable[i]
        ? names.map((name) => (name === PLAIN_AGENT ? selection : { ...selection, specialist: name }))
        : [selection]
    )
    return { agents: expanded, specialists }
  })
