import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { ZeClient } from "@ze/client"
import type { BatchDetail } from "@ze/domain"
import { cheapestDesigns, passModelFrom, planDesigns, PlanRow } from "@ze/domain"
import { Agents, HarnessLive, priceOf, PRICING_DATE, requestCost } from "@ze/harness"
import { Effect, Option, Schema } from "effect"
import { bold, dim } from "../Ansi.js"
import { estimateFor } from "../bench/DryRun.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { agentWithModel, formatCost, formatRatio } from "../Display.js"
import { defaultTo, integerFlag, numberFlagOf } from "../Flags.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { splitList } from "../SuitesRoot.js"
import { heading, renderFields, renderTable } from "../Table.js"

export const planHelp: CommandHelp = {
  usage: "plan",
  summary:
    "How many scenarios × repeats a comparison needs to detect a change of --effect points at --power, and what it costs, before anything runs.",
  details:
    "Simulated (seeded) with the tests ze runs on pass/fail: the fixed comparison (ze compare: a cell passes on a majority " +
    "of its repeats, exact McNemar at α/2) and --until-decided (the sequential test after each round). The pass rate and " +
    "the spread of scenarios come from --pass-rate and --flip-rate, or from a stored batch (--from). The cost per run is " +
    "the average of the stored priced runs of each agent and model (the pricing table prices them), or the --from batch's, " +
    "or the pricing table's rates times --tokens-per-run.",
  examples: [
    "ze plan --effect 20",
    "ze plan --effect 10 --power 0.9 --pass-rate 0.6 --scenarios 20,50,100 --repeats 1,3",
    "ze plan --from BATCH --effect 15 --agent anthropic --model claude-sonnet-5-5",
    "ze plan --effect 20 --agent anthropic --model claude-haiku-4-5 --tokens-per-run 200000,20000"
  ]
}

const invalid = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

const countList = (name: string, fallback: string) =>
  Options.text(name).pipe(
    Options.withPseudoName("N,N,…"),
    Options.mapEffect((text) => {
      const values = text.split(",").map((part) => Number(part.trim()))
      return values.every((value) => Number.isInteger(value) && value >= 1 && value <= 10_000)
        ? Effect.succeed(values)
        : invalid(`--${name}: expected whole numbers from 1 to 10000, comma-separated (got "${text}")`)
    }),
    defaultTo(fallback.split(",").map(Number), fallback)
  )

const share = (name: string, description: string) =>
  numberFlagOf(name, { min: 0, max: 1 }).pipe(Options.withPseudoName("SHARE"), Options.withDescription(description))

const PlanCost = Schema.Struct({
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  perRunUsd: Schema.NullOr(Schema.Number),
  basis: Schema.String
})

export const PlanDocument = Schema.Struct({
  effect: Schema.Number,
  power: Schema.Number,
  passRate: Schema.Number,
  flipRate: Schema.NullOr(Schema.Number),
  from: Schema.NullOr(Schema.String),
  simulations: Schema.Int,
  seed: Schema.Int,
  designs: Schema.Array(PlanRow),
  fixed: Schema.NullOr(PlanRow),
  sequential: Schema.NullOr(PlanRow),
  costs: Schema.Array(PlanCost),
  /** Cost of one run of every agent × model (one cell-repeat); null when some agent has no priced history. */
  costPerCellRepeat: Schema.NullOr(Schema.Number)
})
export type PlanDocument = typeof PlanDocument.Type

/** Pass rate and mean flip rate of a batch's cells (flip rates only exist for cells with repeats). */
const ratesOf = (batch: BatchDetail) => {
  const cells = batch.aggregates.cells
  const passRates = cells.flatMap((cell) => (cell.summary.passRate === null ? [] : [cell.summary.passRate]))
  const flips = cells.flatMap((cell) => (cell.summary.flipRate === null ? [] : [cell.summary.flipRate]))
  const mean = (values: ReadonlyArray<number>) => values.reduce((sum, v) => sum + v, 0) / values.length
  return {
    passRate: passRates.length === 0 ? null : mean(passRates),
    flipRate: flips.length === 0 ? null : mean(flips),
    scenarios: new Set(cells.map((cell) => `${cell.suite}/${cell.scenario}/${cell.tier}`)).size,
    agents: [...new Map(cells.map((cell) => [JSON.stringify([cell.agent, cell.model]), cell])).values()]
      .map((cell) => ({ agent: cell.agent, model: cell.model }))
  }
}

const batchCost = (batch: BatchDetail) => {
  const priced = batch.totalRuns - batch.unpricedRuns
  return batch.totalCostUsd === null || priced === 0 ? null : batch.totalCostUsd / priced
}

/** Without priced history: the pricing table's rates, times --tokens-per-run when given. */
const fromPricingTable = (
  selection: { readonly agent: string; readonly model: string | null },
  tokens: Option.Option<{ readonly input: number; readonly output: number }>,
  basis: string
) => {
  const price = selection.model === null ? undefined : priceOf(selection.model)
  if (price === undefined) return { ...selection, perRunUsd: null, basis: `${basis}; not in the pricing table` }
  const rates = `$${price.input}/$${price.output} per million input/output tokens (pricing table of ${PRICING_DATE})`
  return Option.match(tokens, {
    onNone: () => ({ ...selection, perRunUsd: null, basis: `${basis}; ${rates}: give --tokens-per-run` }),
    onSome: (t) => ({
      ...selection,
      perRunUsd: requestCost(selection.model!, { input: t.input, output: t.output, cacheWrite: 0, cacheRead: 0 }),
      basis: `${t.input} input + ${t.output} output tokens at ${rates}`
    })
  })
}

const costText = (usd: number | null, runs: number | null) =>
  usd === null || runs === null ? "?" : formatCost(usd * runs)

export const renderPlan = (plan: PlanDocument, width: number | undefined): ReadonlyArray<string> => {
  const perCell = plan.costPerCellRepeat
  const cellRepeats = (row: PlanRow, runs: number | null) =>
    runs === null ? null : runs / (row.runsPerBatch / (row.scenarios * row.repeats))
  const pick = (label: string, row: PlanRow | null, runs: (row: PlanRow) => number | null) =>
    row === null
      ? `${label}: no design listed reaches ${formatRatio(plan.power)} power (try more --scenarios or --repeats)`
      : `${label}: ${row.scenarios} scenarios × ${row.repeats} repeats = ${row.runsPerBatch} runs a batch, ` +
        `expected cost ${costText(perCell, cellRepeats(row, runs(row)))}`
  return [
    bold(`Plan: detect a change of ${plan.effect} points at ${formatRatio(plan.power)} power`),
    dim(
      `Simulated: ${plan.simulations} pairs of batches per design, seed ${plan.seed}; base pass rate ${
        formatRatio(plan.passRate)
      }, flip rate ${plan.flipRate === null ? "– (every scenario alike)" : formatRatio(plan.flipRate)}${
        plan.from === null ? "" : ` (from ${plan.from})`
      }.`
    ),
    ...heading("Designs"),
    ...renderTable<PlanRow>(
      [
        { header: "SCENARIOS", value: (r) => String(r.scenarios), align: "right" },
        { header: "REPEATS", value: (r) => String(r.repeats), align: "right" },
        { header: "RUNS", value: (r) => String(r.runsPerBatch), align: "right" },
        { header: "FIXED POWER", value: (r) => formatRatio(r.fixedPower), align: "right" },
        { header: "COST", value: (r) => costText(perCell, r.scenarios * r.repeats), align: "right" },
        { header: "UNTIL-DECIDED POWER", value: (r) => formatRatio(r.sequentialPower), align: "right" },
        {
          header: "MEDIAN RUNS",
          value: (r) => (r.sequentialMedianRuns === null ? "–" : String(r.sequentialMedianRuns)),
          align: "right"
        },
        {
          header: "MEDIAN COST",
          value: (r) => costText(perCell, cellRepeats(r, r.sequentialMedianRuns)),
          align: "right"
        }
      ],
      plan.designs,
      width
    ),
    ...heading("Cheapest"),
    pick("ze compare (fixed)", plan.fixed, (row) => row.runsPerBatch),
    pick("ze bench --until-decided", plan.sequential, (row) => row.sequentialMedianRuns),
    ...heading("Cost per run"),
    ...renderFields(
      plan.costs.map((cost) => [
        agentWithModel(cost.agent, cost.model),
        `${cost.perRunUsd === null ? "?" : formatCost(cost.perRunUsd)} ${dim(`(${cost.basis})`)}`
      ])
    ),
    dim("Costs are for the head batch; a new baseline costs as much again.")
  ]
}

export const plan = Command.make(
  "plan",
  {
    effect: numberFlagOf("effect", { min: 0 }).pipe(
      Options.withPseudoName("POINTS"),
      Options.withDescription("The change in pass rate to detect, in percentage points (20: 50% → 70%)."),
      Options.mapEffect((points) =>
        points > 0 && points <= 100 ? Effect.succeed(points) : invalid(`--effect is 1 to 100 points (got ${points})`)
      ),
      defaultTo(20)
    ),
    power: share("power", "The share of comparisons that should find the change.").pipe(defaultTo(0.8)),
    passRate: share("pass-rate", "Base pass rate, when there is no --from batch.").pipe(Options.optional),
    flipRate: share(
      "flip-rate",
      "Share of repeats whose outcome flips (spread of scenarios); every scenario alike when absent."
    ).pipe(Options.optional),
    from: Options.text("from").pipe(
      Options.withPseudoName("BATCH"),
      Options.withDescription("Read the pass rate, flip rate, scenarios, agents and cost per run from a stored batch."),
      Options.optional
    ),
    scenarios: countList("scenarios", "10,20,50,100").pipe(
      Options.withDescription("Numbers of scenarios (paired cells) to try; a --from batch's own count is added.")
    ),
    repeats: countList("repeats", "1,3,5").pipe(Options.withDescription("Repeats of each cell to try.")),
    agents: Options.text("agent").pipe(
      Options.withPseudoName("AGENT"),
      Options.withDescription("Agent(s) of the matrix, for the cost (default: the --from batch's, else echo)."),
      Options.repeated
    ),
    models: Options.text("model").pipe(
      Options.withPseudoName("MODEL"),
      Options.withDescription("Model(s) for the agents that take one."),
      Options.repeated
    ),
    tokensPerRun: Options.text("tokens-per-run").pipe(
      Options.withPseudoName("IN,OUT"),
      Options.withDescription(
        "Input and output tokens of one run: prices agents without priced history from the pricing table."
      ),
      Options.mapEffect((text) => {
        const [input, output, extra] = text.split(",").map((part) => Number(part.trim()))
        return extra === undefined && [input, output].every((n) => Number.isInteger(n) && n! >= 0)
          ? Effect.succeed({ input: input!, output: output! })
          : invalid(`--tokens-per-run: expected INPUT,OUTPUT token counts such as 200000,20000 (got "${text}")`)
      }),
      Options.optional
    ),
    simulations: integerFlag("simulations", { min: 20, max: 20_000 }).pipe(
      Options.withDescription("Simulated pairs of batches per design."),
      defaultTo(300)
    ),
    seed: integerFlag("seed", { min: 0 }).pipe(Options.withDescription("Seed of the simulations."), defaultTo(16)),
    format: dataFormatOption,
    store: storeOptions
  },
  (flags) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const batch = yield* Option.match(flags.from, {
        onNone: () => Effect.succeed(null),
        onSome: (batchId) => ze.batches.get({ path: { batchId } })
      })
      const rates = batch === null ? null : ratesOf(batch)
      const passRate = Option.getOrElse(flags.passRate, () => rates?.passRate ?? 0.5)
      const flipRate = Option.getOrElse(Option.map(flags.flipRate, (f): number | null => f), () =>
        rates?.flipRate ?? null)
      const names = splitList(flags.agents)
      const selections = names.length > 0
        ? yield* Effect.flatMap(Agents, (registry) =>
          registry.select(names, splitList(flags.models)))
        : rates?.agents.length
        ? rates.agents
        : [{ agent: "echo", model: null }]
      const fromBatch = batch === null || names.length > 0 ? null : batchCost(batch)
      const costs = fromBatch !== null
        ? selections.map((s) => ({ ...s, perRunUsd: fromBatch, basis: `average of the runs of ${batch!.batchId}` }))
        : yield* Effect.forEach(selections, (selection) =>
          Effect.map(
            estimateFor(selection, 0),
            ({ basis, perRunUsd }) =>
              perRunUsd === null
                ? fromPricingTable(selection, flags.tokensPerRun, basis)
                : { ...selection, perRunUsd, basis }
          ))
      const scenarios = [...new Set([...flags.scenarios, ...(rates === null ? [] : [rates.scenarios])])]
      const designs = planDesigns(passModelFrom(passRate, flipRate, flags.effect), {
        scenarios,
        repeats: flags.repeats,
        simulations: flags.simulations,
        seed: flags.seed,
        agents: selections.length
      })
      const cheapest = cheapestDesigns(designs, flags.power)
      const document: PlanDocument = {
        effect: flags.effect,
        power: flags.power,
        passRate,
        flipRate,
        from: Option.getOrNull(flags.from),
        simulations: flags.simulations,
        seed: flags.seed,
        designs,
        ...cheapest,
        costs,
        costPerCellRepeat: costs.every((cost) => cost.perRunUsd !== null)
          ? costs.reduce((sum, cost) => sum + cost.perRunUsd!, 0)
          : null
      }
      return yield* flags.format === "json"
        ? printJson(PlanDocument, document)
        : printLines(renderPlan(document, yield* terminalWidth))
    }).pipe(withStore(flags.store, "read"), Effect.provide(HarnessLive))
).pipe(Command.withDescription(describeCommand(planHelp)))
