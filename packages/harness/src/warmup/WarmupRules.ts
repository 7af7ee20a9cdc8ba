import { Option } from "effect"
import { join, resolve } from "node:path"
import type { Scenario } from "../scenario/Scenario.js"

/** Upstream's rule: a `warmup:` block runs only with `enabled: true`. */
export const hasWarmup = (scenario: Scenario) => scenario.config.warmup?.enabled === true

/** The agent an agent warmup runs: upstream's `warmup.agent.provider`, `openrouter` when it names none. */
export const warmupAgentName = (scenario: Scenario) => scenario.config.warmup?.agent?.provider ?? "openrouter"

/** What upstream appended to an agent warmup's prompt: the harness checks for that folder. */
export const controlInstruction =
  "\n\nIMPORTANT: When your task is complete, you MUST create a folder named 'control' in the workspace root. " +
  "This folder is used by the harness to validate warmup completion."

/** Why the scenario's warmup block cannot run, by field (empty when it can): shared by validation and the warmup. */
export const warmupProblems = (
  scenario: Scenario
): ReadonlyArray<{ readonly field: string; readonly message: string }> => {
  const warmup = scenario.config.warmup
  if (warmup === undefined || !hasWarmup(scenario)) return []
  const problems: Array<{ field: string; message: string }> = []
  if (warmup.type === undefined) problems.push({ field: "warmup.type", message: "must be scripted or agent" })
  if (warmup.type === "agent" && (warmup.agent?.prompt ?? "").trim() === "") {
    problems.push({ field: "warmup.agent.prompt", message: "an agent warmup needs a prompt" })
  }
  const target = resolve(scenario.dir, warmup.working_dir ?? "./repo-fixture")
  const fixtures = [
    ...Option.toArray(scenario.fixtureDir),
    ...(Option.isNone(scenario.fixtureDir) ? [join(scenario.dir, "repo-fixture"), join(scenario.dir, "repo")] : [])
  ].map((dir) => resolve(dir))
  if (!fixtures.includes(target)) {
    problems.push({
      field: "warmup.working_dir",
      message: `${warmup.working_dir} is not the scenario's fixture: a warmup prepares the fixture the runs start ` +
        "from (repo-fixture/ or repo/), on a copy"
    })
  }
  return problems
}
