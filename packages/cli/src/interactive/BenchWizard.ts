import { Prompt } from "@effect/cli"
import { agentLabel } from "@ze/domain"
import { Agents, AgentsWithModels, listSuites, loadSuites, modelPrices, specialistNames, tiersOf } from "@ze/harness"
import { Console, Effect, Option } from "effect"
import { yellow } from "../Ansi.js"
import { templatesDirOf } from "../bench/Specialists.js"
import { suitesRootOf } from "../SuitesRoot.js"
import type { BenchChoices } from "./CommandLine.js"
import { agentFlags, benchArguments } from "./CommandLine.js"

/** Upstream's tier labels, for the tiers it named. */
const tierLabels: Readonly<Record<string, string>> = {
  L0: "L0 - Minimal",
  L1: "L1 - Basic",
  L2: "L2 - Directed",
  L3: "L3 - Migration",
  Lx: "Lx - Adversarial"
}

const pickMany = <A>(message: string, choices: ReadonlyArray<{ readonly title: string; readonly value: A }>) =>
  Prompt.multiSelect({ message, choices, min: 1, maxPerPage: 12, selectAll: "All" })

const pickNumber = (message: string, values: ReadonlyArray<number>) =>
  Prompt.select({ message, choices: values.map((value) => ({ title: String(value), value })) })

/** replay needs a stored transcript as its model: it is for re-evaluating a run, not for a new matrix. */
const wizardAgents = Effect.map(Agents, (agents) => agents.names.filter((name) => name !== "replay")).pipe(
  Effect.flatMap((names) =>
    Effect.forEach(names, (name) => Effect.map(Effect.flatMap(Agents, (agents) => agents.get(name)), (agent) => agent))
  ),
  Effect.provide(AgentsWithModels)
)

/**
 * Upstream's benchmark wizard: suites, scenarios, tiers, agents or specialists (the templates `--specialist` finds
 * beside the suites), models (multi-select with All), then repeats and
 * concurrency. Returns the `ze bench` arguments, or none when there is nothing to run.
 */
export const benchWizard = Effect.gen(function*() {
  const root = yield* suitesRootOf(Option.none())
  const suiteNames = yield* listSuites(root)
  if (suiteNames.length === 0) {
    yield* Console.log(yellow(`No suites in ${root}: create one with "New suite" (ze new suite NAME).`))
    return Option.none<ReadonlyArray<string>>()
  }
  const suites = yield* pickMany("Suites", suiteNames.map((name) => ({ title: name, value: name })))
  const { scenarios: loaded } = yield* loadSuites(root, { suites })
  const scenarios = yield* pickMany(
    "Scenarios",
    loaded.map((scenario) => ({ title: `${scenario.suite}/${scenario.name}`, value: scenario }))
  )
  const tierNames = [...new Set(scenarios.flatMap(tiersOf))].sort()
  const tiers = yield* pickMany("Tiers", tierNames.map((tier) => ({ title: tierLabels[tier] ?? tier, value: tier })))
  const agentList = yield* wizardAgents
  const specialists = yield* specialistNames(templatesDirOf(Option.none(), root))
  const picks = yield* pickMany("Agents and specialists", [
    ...agentList.map((agent) => ({
      title: agent.name,
      value: { agent: agent.name, wrappable: agent.takesSystemPrompt === true, usesModel: agent.usesModel }
    })),
    ...specialists.flatMap((specialist) =>
      agentList.filter((agent) => agent.takesSystemPrompt === true).map((agent) => ({
        title: `${agentLabel({ agent: agent.name, specialistName: specialist })} (specialist)`,
        value: { agent: agent.name, specialist, wrappable: true, usesModel: agent.usesModel }
      }))
    )
  ])
  const flags = agentFlags(picks)
  if (flags.extra.length > 0) {
    yield* Console.log(
      yellow(`--specialist applies to every model agent of --agent, so this also runs ${flags.extra.join(", ")}`)
    )
  }
  const models = picks.some((pick) => pick.usesModel)
    ? yield* Prompt.multiSelect({
      message: "Models (none selected: each agent's default)",
      choices: [...modelPrices.keys()].map((id) => ({ title: id, value: id })),
      maxPerPage: 12,
      selectAll: "All"
    })
    : []
  const repeat = yield* pickNumber("Repeats of each cell", [1, 3, 5, 10])
  const concurrency = yield* pickNumber("Cells at the same time", [1, 2, 4, 8])
  const choices: BenchChoices = {
    suites,
    allSuites: suites.length === suiteNames.length,
    scenarios: [...new Set(scenarios.map((scenario) => scenario.name))],
    allScenarios: scenarios.length === loaded.length,
    tiers,
    allTiers: tiers.length === tierNames.length,
    agents: flags.agents,
    specialists: flags.specialists,
    models,
    repeat,
    concurrency
  }
  return Option.some(benchArguments(choices))
})
