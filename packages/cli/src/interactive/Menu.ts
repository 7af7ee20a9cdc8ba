import { Prompt } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { listSuites } from "@ze/harness"
import { Console, Effect, Option } from "effect"
import { bold, cyan, dim, yellow } from "../Ansi.js"
import { reportFailure } from "../Report.js"
import { withStore } from "../Store.js"
import { kebabCase, suitesRootOf } from "../SuitesRoot.js"
import { benchWizard } from "./BenchWizard.js"
import { commandLine } from "./CommandLine.js"

type Action =
  | "bench"
  | "history"
  | "stats"
  | "compare"
  | "new-suite"
  | "new-scenario"
  | "dashboard"
  | "help"
  | "exit"

const actions: ReadonlyArray<{ readonly title: string; readonly value: Action; readonly description: string }> = [
  { title: "Run benchmarks", value: "bench", description: "suites, scenarios, tiers, agents and models" },
  { title: "History", value: "history", description: "the latest runs or batches" },
  { title: "Statistics", value: "stats", description: "overall, or by agent, model, suite, scenario, tier, evaluator" },
  { title: "Compare two batches", value: "compare", description: "is the head batch really better?" },
  { title: "New suite", value: "new-suite", description: "scaffold suites/NAME" },
  { title: "New scenario", value: "new-scenario", description: "scaffold a scenario in a suite" },
  { title: "Open the dashboard", value: "dashboard", description: "ze serve; Ctrl-C stops it" },
  { title: "Help", value: "help", description: "every command and flag" },
  { title: "Exit", value: "exit", description: "" }
]

const none = Effect.succeed(Option.none<ReadonlyArray<string>>())
const some = (args: ReadonlyArray<string>) => Effect.succeed(Option.some(args))

const history = Effect.gen(function*() {
  const what = yield* Prompt.select({
    message: "History of",
    choices: [{ title: "Runs", value: "runs" }, { title: "Batches", value: "batches" }] as const
  })
  const limit = yield* Prompt.select({
    message: "How many",
    choices: [5, 10, 20, 50].map((n) => ({ title: String(n), value: n }))
  })
  return Option.some([what, "list", "--limit", String(limit)])
})

const statistics = Effect.map(
  Prompt.select({
    message: "Statistics",
    choices: [
      { title: "Overall", value: null },
      ...["agent", "model", "suite", "scenario", "tier", "evaluator"].map((by) => ({ title: `By ${by}`, value: by }))
    ]
  }),
  (by) => Option.some(by === null ? ["stats"] : ["stats", "--by", by])
)

const compare = Effect.gen(function*() {
  const page = yield* Effect.flatMap(ZeClient, (ze) => ze.batchesPage({ limit: 30 })).pipe(
    withStore({ db: Option.none(), server: Option.none() }, "read")
  )
  if (page.items.length < 2) {
    yield* Console.log(yellow("Comparing needs two stored batches: run benchmarks first."))
    return Option.none<ReadonlyArray<string>>()
  }
  const choices = page.items.map((batch) => ({
    title: batch.batchId,
    value: batch.batchId,
    description: `${new Date(batch.createdAt).toISOString()} · ${batch.totalRuns} runs`
  }))
  const base = yield* Prompt.select({ message: "Base batch (before)", choices })
  const head = yield* Prompt.select({ message: "Head batch (after)", choices: choices.filter((c) => c.value !== base) })
  return Option.some(["compare", base, head])
})

const kebab = (value: string) =>
  kebabCase.test(value) ? Effect.succeed(value) : Effect.fail("a kebab-case name: lowercase words joined by -")

const newSuite = Effect.map(
  Prompt.text({ message: "Suite name", validate: kebab }),
  (name) => Option.some(["new", "suite", name])
)

const newScenario = Effect.gen(function*() {
  const suites = yield* listSuites(yield* suitesRootOf(Option.none()))
  if (suites.length === 0) {
    yield* Console.log(yellow("There is no suite yet: create one with \"New suite\" first."))
    return Option.none<ReadonlyArray<string>>()
  }
  const suite = yield* Prompt.select({ message: "Suite", choices: suites.map((s) => ({ title: s, value: s })) })
  const name = yield* Prompt.text({ message: "Scenario name", validate: kebab })
  return Option.some(["new", "scenario", suite, name])
})

const wizards = {
  bench: benchWizard,
  history,
  stats: statistics,
  compare,
  "new-suite": newSuite,
  "new-scenario": newScenario,
  dashboard: some(["serve"]),
  help: some(["--help"])
} satisfies Record<Exclude<Action, "exit">, unknown>
type Wizard = (typeof wizards)[keyof typeof wizards]

const commandFor = (
  action: Exclude<Action, "exit">
): Effect.Effect<Option.Option<ReadonlyArray<string>>, Effect.Effect.Error<Wizard>, Effect.Effect.Context<Wizard>> =>
  wizards[action]

/** The wizard's command, shown as a user would type it; a benchmark asks before it starts. */
const confirmAndRun = <E, R>(
  action: Action,
  args: ReadonlyArray<string>,
  run: (args: ReadonlyArray<string>) => Effect.Effect<void, E, R>
) =>
  Effect.gen(function*() {
    yield* Console.log(`\n${dim("Equivalent command:")} ${cyan(commandLine(args))}\n`)
    const go = action === "bench" ? yield* Prompt.confirm({ message: "Run it now?", initial: true }) : true
    if (go) yield* run(args)
  })

/**
 * `ze` in a terminal: upstream's menu. Every choice becomes an ordinary ze command line, printed before it runs (so
 * the flags can be learnt), and run by `run` exactly as if it had been typed. Ctrl-C in a question goes back to the
 * menu; in the menu, it leaves.
 */
export const interactiveMenu = <E, R>(run: (args: ReadonlyArray<string>) => Effect.Effect<void, E, R>) =>
  Effect.gen(function*() {
    yield* Console.log(
      `${bold("ze")} ${dim("— benchmark AI coding agents. Arrows move, space selects, enter confirms.")}`
    )
    while (true) {
      const action = yield* Prompt.select({ message: "What do you want to do?", choices: actions, maxPerPage: 10 })
        .pipe(
          Effect.catchTag("QuitException", () => Effect.succeed("exit" as const))
        )
      if (action === "exit") return
      yield* commandFor(action).pipe(
        Effect.catchTag("QuitException", () => none),
        Effect.flatMap(Option.match({ onNone: () => Effect.void, onSome: (args) => confirmAndRun(action, args, run) })),
        Effect.catchTag("QuitException", () => Effect.void),
        Effect.catchAllCause((cause) => Effect.asVoid(reportFailure(cause)))
      )
      yield* Console.log("")
    }
  })
