import type { ScenarioBaseline, WarmupOutcome } from "@ze/domain"
import { batchProvenanceOf, batchWarmupsOf } from "@ze/domain"
import { Effect, Either, Option } from "effect"
import { dirname } from "node:path"
import { Baselines } from "../baseline/Baselines.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { scenarioFingerprint } from "../scenario/ScenarioFingerprint.js"
import { Spool } from "./Spool.js"
import { storedBatchMetadata } from "./Store.js"

/** `<root>/<suite>/scenarios/<name>` → `<root>`. */
export const suitesDirOf = (scenario: Scenario) => dirname(dirname(dirname(scenario.dir)))

/** The fingerprint of every scenario, by `suite/scenario`. */
export const fingerprintsOf = (scenarios: ReadonlyArray<Scenario>) =>
  Effect.map(
    Effect.forEach(scenarios, (scenario) =>
      Effect.map(scenarioFingerprint(scenario), (fp) => [scenarioKey(scenario), fp] as const)),
    (entries) =>
      Object.fromEntries(entries) as Readonly<Record<string, string>>
  )

/** Each scenario's baseline (evaluated once per fingerprint), or why its untouched fixture could not be evaluated. */
export const baselinesOf = (
  scenarios: ReadonlyArray<Scenario>,
  concurrency: number,
  uncached: ReadonlySet<string> = new Set()
) =>
  Effect.gen(function*() {
    const memory = yield* Baselines.memory
    const baselines = Option.getOrUndefined(yield* Effect.serviceOption(Baselines)) ?? memory
    // A warmed fixture is this batch's own: its baseline is evaluated here and never cached for another batch.
    const entries = yield* Effect.forEach(scenarios, (scenario) =>
      (uncached.has(scenarioKey(scenario)) ? memory : baselines).get(scenario).pipe(
        Effect.mapError((error) =>
          error.message
        ),
        Effect.either,
        Effect.map((result) => [scenarioKey(scenario), result] as const)
      ), { concurrency })
    return new Map(entries) as ReadonlyMap<string, Either.Either<ScenarioBaseline, string>>
  })

/**
 * Where the batch's scenarios came from and how its runs were scored: the suites folder, every scenario's
 * fingerprint and the baselines, merged with what an earlier process (a shard, a resume) stored.
 */
export const provenanceMetadata = (
  batchId: string,
  scenarios: ReadonlyArray<Scenario>,
  baselines: ReadonlyMap<string, Either.Either<ScenarioBaseline, string>>,
  options: { readonly merge: boolean; readonly warmups?: Readonly<Record<string, WarmupOutcome>> }
) =>
  Effect.gen(function*() {
    const spool = yield* Effect.serviceOption(Spool)
    // With a spool an unreachable server is not fatal: this process's part is stored when it is back.
    const metadata = options.merge
      ? yield* storedBatchMetadata(batchId).pipe(
        Effect.catchIf((error) => error.unreachable && Option.isSome(spool), () => Effect.succeed(null))
      )
      : null
    const stored = batchProvenanceOf(metadata)
    const storedWarmups = batchWarmupsOf(metadata)
    const roots = [...new Set(scenarios.map(suitesDirOf))]
    const evaluated = [...baselines.entries()].flatMap(([key, result]) =>
      Either.isRight(result) ? [[key, result.right] as const] : []
    )
    return {
      suitesDir: roots.length === 1 ? roots[0]! : null,
      fingerprints: { ...stored.fingerprints, ...yield* fingerprintsOf(scenarios) },
      baselines: { ...stored.baselines, ...Object.fromEntries(evaluated) },
      ...(Object.keys(options.warmups ?? {}).length === 0 && Object.keys(storedWarmups).length === 0
        ? {}
        : { warmups: { ...storedWarmups, ...options.warmups } })
    }
  })
