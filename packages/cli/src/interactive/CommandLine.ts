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
  ...(choices.models.length === 0 ? [] : ["--model", choices.models.join(",")]),
  ...(choices.repeat > 1 ? ["--repeat", String(choices.repeat)] : []),
  ...(choices.concurrency > 1 ? ["--concurrency", String(choices.concurrency)] : [])
]
