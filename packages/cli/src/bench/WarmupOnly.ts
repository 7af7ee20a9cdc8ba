import type { MatrixSpec } from "@ze/harness"
import { runWarmups } from "@ze/harness"
import { Effect } from "effect"
import { GateFailed } from "../Errors.js"
import { printLines } from "../Output.js"
import { renderWarmupOnly } from "../views/WarmupViews.js"

/** `ze bench --warmup-only`: the selected scenarios' warmups and nothing else; exit 1 when one failed (upstream). */
export const warmupOnly = (spec: MatrixSpec, concurrency: number) =>
  Effect.gen(function*() {
    const result = yield* runWarmups(spec.scenarios, { skip: false, concurrency, keep: true })
    const outcomes = Object.values(result.outcomes)
    yield* printLines(renderWarmupOnly(outcomes, result.folders))
    if (result.failures.size > 0) {
      return yield* new GateFailed({
        message: `the warmup of ${[...result.failures.keys()].join(", ")} failed`
      })
    }
  }).pipe(Effect.scoped)
