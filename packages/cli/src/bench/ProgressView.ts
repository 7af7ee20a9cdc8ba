import type { CellRef, CellResult, ProgressEvent, Stage } from "@ze/harness"
import { Console, Duration, Effect, Ref, Schedule } from "effect"
import { bold, cyan, dim, stripAnsi, visibleLength, yellow } from "../Ansi.js"
import { formatDuration, formatScore, formatSpend, statusMark, statusStyle } from "../Display.js"
import type { Spend } from "./Budget.js"
import { BatchBudget } from "./Budget.js"

/** `live`: a view of the running cells redrawn on stderr (a terminal); `lines`: one line per finished run. */
export type ProgressMode = "live" | "lines"

interface Running {
  readonly cell: CellRef
  readonly stage: Stage
  readonly startedAt: number
}

interface ViewState {
  readonly batchId: string
  readonly total: number
  readonly done: number
  readonly running: ReadonlyMap<string, Running>
  readonly durations: ReadonlyArray<number>
  readonly startedAt: number
  readonly drawnLines: number
}

const cellLabel = (cell: CellRef) =>
  `${cell.suite}/${cell.scenario} (${cell.tier}) ${cell.agent}${cell.specialist ? `+${cell.specialist}` : ""}${
    cell.model === null ? "" : ` [${cell.model}]`
  }${cell.repeat > 0 ? ` #${cell.repeat + 1}` : ""}`

/** Upstream's quiet line, with the reason when the run did not pass. */
export const resultLine = (result: CellResult) => {
  const style = statusStyle(result.status)
  const reason = result.failureReason === null || result.status === "passed" ? "" : dim(`: ${result.failureReason}`)
  return `${style(statusMark(result.status))} ${cellLabel(result.cell)} - ${formatScore(result.weightedScore)}/10 ${
    style(result.status)
  } ${dim(formatDuration(result.durationMs))}${reason}`
}

const eta = (state: ViewState, concurrency: number) => {
  if (state.durations.length === 0) return "–"
  const average = state.durations.reduce((sum, ms) => sum + ms, 0) / state.durations.length
  return formatDuration(
    ((state.total - state.done) * average) / Math.max(1, Math.min(concurrency, state.total - state.done))
  )
}

const block = (state: ViewState, spend: Spend, concurrency: number, now: number, width: number) => {
  const header =
    `${bold("ze bench")} ${state.batchId}  ${state.done}/${state.total} done · ${state.running.size} running · ` +
    `${formatDuration(now - state.startedAt)} elapsed · ETA ${eta(state, concurrency)} · ${
      formatSpend(spend.pricedRuns === 0 ? null : spend.usd, spend.unpricedRuns)
    }`
  const cells = [...state.running.values()].map((running) =>
    `  ${cyan("▸")} ${cellLabel(running.cell)}  ${running.stage}  ${dim(formatDuration(now - running.startedAt))}`
  )
  return [header, ...cells].map((
    line
  ) => (visibleLength(line) > width ? `${stripAnsi(line).slice(0, width - 1)}…` : line))
}

/** Moves the cursor back over the previously drawn block and clears it. */
const erase = (lines: number) =>
  lines === 0 ? Effect.void : Effect.sync(() => void process.stderr.write(`\u001b[${lines}F\u001b[J`))

/**
 * Reports progress events: the live view (redrawn every 250 ms and on each event, erased when the scope closes)
 * or one line per run, on stderr; `lines` mode prints to stdout when `linesToStdout` (the report is a table).
 */
export const makeProgressView = (
  options: { readonly mode: ProgressMode; readonly concurrency: number; readonly linesToStdout: boolean }
) =>
  Effect.gen(function*() {
    const budget = yield* BatchBudget
    const width = Math.max(40, (process.stderr.columns ?? 100) - 1)
    const state = yield* Ref.make<ViewState>({
      batchId: "",
      total: 0,
      done: 0,
      running: new Map(),
      durations: [],
      startedAt: Date.now(),
      drawnLines: 0
    })
    const drawing = yield* Effect.makeSemaphore(1)
    const printLine = (
      line: string
    ) => (options.linesToStdout && options.mode === "lines" ? Console.log(line) : Console.error(line))
    const redraw = (before: Effect.Effect<void> = Effect.void) =>
      Effect.gen(function*() {
        const current = yield* Ref.get(state)
        yield* erase(current.drawnLines)
        yield* before
        if (current.batchId === "") return yield* Ref.update(state, (s) => ({ ...s, drawnLines: 0 }))
        const lines = block(current, (yield* Ref.get(budget)).spend, options.concurrency, Date.now(), width)
        yield* Console.error(lines.join("\n"))
        yield* Ref.update(state, (s) => ({ ...s, drawnLines: lines.length }))
      }).pipe(drawing.withPermits(1), Effect.uninterruptible)
    const show = (line: string) => (options.mode === "live" ? redraw(Console.error(line)) : printLine(line))
    const updateRunning = (f: (running: Map<string, Running>) => void) =>
      Ref.update(state, (s) => {
        const running = new Map(s.running)
        f(running)
        return { ...s, running }
      })

    if (options.mode === "live") {
      yield* Effect.forkScoped(Effect.repeat(redraw(), Schedule.spaced(Duration.millis(250))))
      yield* Effect.addFinalizer(() =>
        Effect.flatMap(
          Ref.getAndUpdate(state, (s) => ({ ...s, batchId: "", drawnLines: 0 })),
          (s) => erase(s.drawnLines)
        )
      )
    }

    const onEvent = (event: ProgressEvent): Effect.Effect<void> => {
      switch (event._tag) {
        case "BatchStarted":
          return Ref.update(state, (s) => ({ ...s, batchId: event.batchId, total: event.toRun, startedAt: Date.now() }))
            .pipe(
              Effect.zipRight(
                show(
                  dim(
                    `Batch ${event.batchId}: ${event.toRun} of ${event.cells} cells to run${
                      event.shard === null ? "" : ` (shard ${event.shard.index}/${event.shard.count})`
                    }`
                  )
                )
              ),
              Effect.zipRight(
                Effect.forEach(event.warnings, (warning) => Console.error(yellow(`Warning: ${warning}`)), {
                  discard: true
                })
              )
            )
        case "CellSkipped":
          return Effect.void
        case "CellStarted":
          return updateRunning((running) =>
            running.set(event.cell.runId, { cell: event.cell, stage: "workspace", startedAt: Date.now() })
          )
        case "StageChanged":
          return updateRunning((running) => {
            const current = running.get(event.cell.runId)
            if (current !== undefined) running.set(event.cell.runId, { ...current, stage: event.stage })
          })
        case "CellFinished":
          return updateRunning((running) => running.delete(event.result.cell.runId)).pipe(
            Effect.zipRight(
              Ref.update(
                state,
                (s) => ({ ...s, done: s.done + 1, durations: [...s.durations, event.result.durationMs] })
              )
            ),
            Effect.zipRight(show(resultLine(event.result)))
          )
        case "BatchFinished":
          return options.mode === "live"
            ? Effect.flatMap(
              Ref.getAndUpdate(state, (s) => ({ ...s, batchId: "", drawnLines: 0 })),
              (s) => erase(s.drawnLines)
            ).pipe(
              drawing.withPermits(1)
            )
            : Effect.void
      }
    }
    return { onEvent }
  })
