import { agentLabel, NoSpecialist } from "@ze/domain"

/** A word as a POSIX shell reads it back: bare when it is safe, single-quoted otherwise. */
export const shellWord = (word: string) =>
  /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`

/** The command line a user would type for `args` (ze's arguments, without node and the script). */
export const commandLine = (args: ReadonlyArray<string>) => ["ze", ...args].map(shellWord).join(" ")

/** What the benchmark wizard chose; an `all` flag means every choice offered, so the command says `all`. */
export interface BenchChoices {
  readonly suites: ReadonlyArray<string>
  readonly allSuites: boolean
  readonly scenarios: ReadonlyArray<string>
  readonly allScenarios: boolean
  readonly tiers: ReadonlyArray<string>
  readonly allTiers: boolean
  readonly agents: ReadonlyArray<string>
  /** `--specialist` names (`none` for the plain agent beside them); empty: no specialist. */
  readonly specialists: ReadonlyArray<string>
  readonly models: ReadonlyArray<string>
  readonly repeat: number
  readonly concurrency: number
}

/** The `ze bench` arguments for the wizard's choices: the same flags a user would write. */
export const benchArguments = (choices: BenchChoices): ReadonlyArray<string> => [
  "bench",
  ...(choices.allSuites
    ? ["all"]
    : choices.suites.length === 1
    ? choices.suites
    : ["--suite", choices.suites.join(",")]),
  ...(choices.allScenarios ? [] : ["--scenario", choices.scenarios.join(",")]),
  "--tier",
  choices.allTiers ? "all" : choices.tiers.join(","),
  "--agent",
  choices.agents.join(","),
  ...(choices.specialists.length === 0 ? [] : ["--specialist", choices.specialists.join(",")]),
  ...(choices.models.length === 0 ? [] : ["--model", choices.models.join(",")]),
  ...(choices.repeat > 1 ? ["--repeat", String(choices.repeat)] : []),
  ...(choices.concurrency > 1 ? ["--concurrency", String(choices.concurrency)] : [])
]

/** One entry of the wizard's agent list: a plain agent, or a specialist wrapping a model agent (`anthropic+NAME`). */
export interface AgentPick {
  readonly agent: string
  readonly specialist?: string
  /** Whether the agent takes a system prompt, so `--specialist` wraps it. */
  readonly wrappable: boolean
}

/**
 * `--agent` and `--specialist` for the picks, as `ze bench --specialist` reads them: every base agent once, every
 * specialist once, and `none` when a wrappable agent was also picked plain. The flags make a cross product, so
 * `extra` lists the combinations they run that were not picked (to say so before running).
 */
export const agentFlags = (picks: ReadonlyArray<AgentPick>) => {
  const agents = [...new Set(picks.map((pick) => pick.agent))]
  const named = [...new Set(picks.flatMap((pick) => pick.specialist === undefined ? [] : [pick.specialist]))]
  const plainWrapped = picks.some((pick) => pick.wrappable && pick.specialist === undefined)
  const specialists = named.length > 0 && plainWrapped ? ["none", ...named] : named
  const label = (agent: string, specialist: string) =>
    agentLabel({ agent, specialistName: specialist === NoSpecialist ? null : specialist })
  const picked = new Set(picks.map((pick) => label(pick.agent, pick.specialist ?? "none")))
  const wrapped = [...new Set(picks.filter((pick) => pick.wrappable).map((pick) => pick.agent))]
  const extra = specialists.length === 0
    ? []
    : wrapped.flatMap((agent) => specialists.map((specialist) => label(agent, specialist)))
      .filter((combination) => !picked.has(combination))
  return { agents, specialists, extra }
}
