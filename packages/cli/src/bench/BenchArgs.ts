import { Args, HelpDoc, Options, ValidationError } from "@effect/cli"
import { Duration, Effect, Option } from "effect"
import { minEffectOption } from "../commands/Compare.js"
import { defaultTo, integerFlag, numberFlagOf } from "../Flags.js"
import { storeOptions } from "../Store.js"
import { suitesDirOption } from "../SuitesRoot.js"

const list = (name: string, pseudoName: string, description: string) =>
  Options.text(name).pipe(Options.withPseudoName(pseudoName), Options.withDescription(description), Options.repeated)

const positional = (name: string, description: string) =>
  Args.text({ name }).pipe(Args.withDescription(description), Args.optional)

/** `90s`, `10m`, `1h`, `500ms`, or a plain number of minutes (as `timeout_minutes`). */
export const parseDuration = (text: string): Option.Option<Duration.Duration> => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(text.trim())
  if (match === null) return Option.none()
  const value = Number(match[1])
  const unit = match[2] ?? "m"
  const millis = unit === "ms" ? value : unit === "s" ? value * 1000 : unit === "h" ? value * 3_600_000 : value * 60_000
  return millis > 0 ? Option.some(Duration.millis(millis)) : Option.none()
}

/** `0.1` or `10%`. */
export const parseShare = (text: string): Option.Option<number> => {
  const percent = text.trim().endsWith("%")
  const value = Number(percent ? text.trim().slice(0, -1) : text)
  const share = percent ? value / 100 : value
  return Number.isFinite(share) && share >= 0 && share <= 1 ? Option.some(share) : Option.none()
}

const invalid = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

export const benchArgs = {
  suiteArg: positional("SUITE", "Suite to run (`all` for every suite); the same as --suite."),
  scenarioArg: positional("SCENARIO", "Scenario of the suite (`all` for every one); the same as --scenario."),
  tierArg: positional("TIER", "Tier(s), comma-separated (`all` for every tier with a prompt); the same as --tier."),
  agentArg: positional("AGENT", "Agent(s), comma-separated; the same as --agent.")
}

export const benchOptions = {
  suites: list("suite", "SUITE", "Suite(s) to run, comma-separated or repeated; `all` for every suite."),
  scenarios: list("scenario", "SCENARIO", "Scenario(s); every scenario of the suites when absent or `all`."),
  tiers: list("tier", "TIER", "Tier(s) such as L0,L1 (prefix match); default L0; `all` for every tier with a prompt."),
  agents: list("agent", "AGENT", "Agent(s) such as echo,oracle,anthropic,openai,claude-code; default echo."),
  models: list("model", "MODEL", "Model(s) for agents that take one; agents × models make the matrix."),
  specialists: list(
    "specialist",
    "NAME",
    "Specialist template(s) wrapping the model agents (default agent anthropic); `none` also runs the plain agent."
  ),
  templatesDir: Options.text("templates-dir").pipe(
    Options.withPseudoName("DIR"),
    Options.withDescription("Where specialist templates live (default: templates/ beside the suites folder)."),
    Options.optional
  ),
  repeat: integerFlag("repeat", { min: 1 }).pipe(
    Options.withAlias("iterations"),
    Options.withDescription("Runs of each cell (upstream: --iterations); repeats give mean ± CI and pass@k."),
    defaultTo(1)
  ),
  concurrency: integerFlag("concurrency", { min: 1 }).pipe(
    Options.withAlias("j"),
    Options.withDescription("Cells run at the same time."),
    defaultTo(1)
  ),
  timeout: Options.text("timeout").pipe(
    Options.withPseudoName("DURATION"),
    Options.withDescription(
      "Deadline of each run (90s, 10m, 1h; a bare number is minutes), instead of each scenario's timeout_minutes."
    ),
    Options.mapEffect((text) =>
      Option.match(parseDuration(text), {
        onNone: () => invalid(`--timeout: expected a duration such as 90s, 10m or 1h (got "${text}")`),
        onSome: Effect.succeed
      })
    ),
    Options.optional
  ),
  maxCost: numberFlagOf("max-cost", { min: 0 }).pipe(
    Options.withPseudoName("USD"),
    Options.withDescription(
      "Budget of the batch (agent + judge): each starting cell reserves its share of what is left (split among the cells " +
        "that can run alongside it) and its agent is held to it; a run can overshoot its share by at most one model request " +
        "(agents check the ceiling after each request). Cells left without a share end budget_exceeded; exit 1 when every run did."
    ),
    Options.optional
  ),
  resume: Options.text("resume").pipe(
    Options.withPseudoName("BATCH"),
    Options.withDescription(
      "Run only the cells of BATCH without a final result (the matrix comes from the batch; to change it, name the suite too)."
    ),
    Options.optional
  ),
  batch: Options.text("batch").pipe(
    Options.withPseudoName("ID"),
    Options.withDescription("Batch id to use (with --shard, every machine gives the same one)."),
    Options.optional
  ),
  shard: Options.text("shard").pipe(
    Options.withPseudoName("i/n"),
    Options.withDescription("Run every n-th cell of the matrix, starting at the i-th (with --batch)."),
    Options.optional
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription(
      "Print the matrix, the number of cells and a cost estimate; run nothing. Cells that cannot run or be scored here (no fixture, no key, no solution, nothing to score them) are listed apart, with why, and so are scenarios no run of which can pass."
    )
  ),
  skipWarmup: Options.boolean("skip-warmup").pipe(
    Options.withDescription(
      "Leave out the scenarios' warmups (scenario.yaml warmup:): their runs start from the committed fixture."
    )
  ),
  warmupOnly: Options.boolean("warmup-only").pipe(
    Options.withDescription(
      "Run only the selected scenarios' warmups, keep the folders they prepared and print them; no batch is stored. Exit 1 when a warmup failed."
    )
  ),
  keepWorkspaces: Options.boolean("keep-workspaces").pipe(
    Options.withDescription("Keep every run's workspace (ZE_KEEP_WORKSPACES=on-failure keeps failed ones).")
  ),
  quiet: Options.boolean("quiet").pipe(
    Options.withAlias("q"),
    Options.withDescription("One line per run, no live view.")
  ),
  format: Options.choice("format", ["table", "json", "markdown", "junit"]).pipe(
    Options.withAlias("f"),
    Options.withDescription("The report at the end: table, json (one document), markdown or junit."),
    defaultTo("table" as "table" | "json" | "markdown" | "junit")
  ),
  out: Options.text("out").pipe(
    Options.withAlias("o"),
    Options.withPseudoName("FILE"),
    Options.withDescription("Write the report to FILE."),
    Options.optional
  ),
  failUnder: numberFlagOf("fail-under", { min: 0, max: 10 }).pipe(
    Options.withPseudoName("SCORE"),
    Options.withDescription("Exit 1 when the batch's average score (0..10) is below SCORE."),
    Options.optional
  ),
  baseline: Options.text("baseline").pipe(
    Options.withPseudoName("BATCH"),
    Options.withDescription("Compare with BATCH at the end; exit 1 when the verdict is `worse`."),
    Options.optional
  ),
  untilDecided: Options.boolean("until-decided").pipe(
    Options.withDescription(
      "With --baseline: run in rounds of one repeat of every cell, compare with the baseline after each round by the " +
        "sequential (anytime-valid) test, and stop once it decides better or worse, rules out a difference of --min-effect " +
        "points, or reaches --max-repeats or --max-cost; the report says which."
    )
  ),
  minEffect: minEffectOption,
  maxRepeats: integerFlag("max-repeats", { min: 1 }).pipe(
    Options.withPseudoName("N"),
    Options.withDescription("With --until-decided: at most N rounds (repeats of every cell). Default: 10."),
    Options.optional
  ),
  allowErrors: Options.text("allow-errors").pipe(
    Options.withPseudoName("SHARE"),
    Options.withDescription(
      "Share of runs that may end infra_error, agent_error or timeout before exit 3 (0.1 or 10%)."
    ),
    Options.mapEffect((text) =>
      Option.match(parseShare(text), {
        onNone: () => invalid(`--allow-errors: expected a share such as 0.1 or 10% (got "${text}")`),
        onSome: Effect.succeed
      })
    ),
    defaultTo(0)
  ),
  suitesDir: suitesDirOption,
  store: storeOptions
}
