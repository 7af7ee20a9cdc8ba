import { ScenarioBaseline } from "@ze/domain"
import { Context, Deferred, Effect, Layer, Option, Ref, Schema } from "effect"
import { mkdir, readFile, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { HarnessSettings } from "../HarnessSettings.js"
import type { HarnessSettingsShape } from "../HarnessSettings.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { scenarioFingerprint } from "../scenario/ScenarioFingerprint.js"
import type { WorkspaceError } from "../workspace/Workspaces.js"
import { Workspaces } from "../workspace/Workspaces.js"
import type { WorkspacesShape } from "../workspace/Workspaces.js"
import { evaluateBaseline } from "./Baseline.js"

export interface BaselinesShape {
  /** The scenario's baseline: from memory, else the cache folder, else evaluated now (once, however many ask). */
  readonly get: (scenario: Scenario) => Effect.Effect<ScenarioBaseline, WorkspaceError>
  /** The baseline if it was already evaluated for this fingerprint; evaluates nothing. */
  readonly cached: (scenario: Scenario) => Effect.Effect<Option.Option<ScenarioBaseline>>
}

const BaselineJson = Schema.parseJson(ScenarioBaseline)
const fileName = (scenario: Scenario, fingerprint: string) =>
  `${`${scenario.suite}--${scenario.name}`.replace(/[^A-Za-z0-9._-]+/g, "_")}--${fingerprint}.json`

const make = (workspaces: WorkspacesShape, settings: HarnessSettingsShape, cacheDir: Option.Option<string>) =>
  Effect.gen(function*() {
    const inFlight = yield* Ref.make(new Map<string, Deferred.Deferred<ScenarioBaseline, WorkspaceError>>())
    const readCache = (scenario: Scenario, fingerprint: string): Effect.Effect<Option.Option<ScenarioBaseline>> =>
      Option.match(cacheDir, {
        onNone: () => Effect.succeedNone,
        onSome: (dir) =>
          Effect.tryPromise({
            try: () => readFile(join(dir, fileName(scenario, fingerprint)), "utf8"),
            catch: (error) => error as NodeJS.ErrnoException
          }).pipe(
            Effect.flatMap((text) => Schema.decode(BaselineJson)(text)),
            Effect.map((baseline) => Option.some<ScenarioBaseline>(baseline)),
            Effect.catchAll((error) =>
              "code" in error && error.code === "ENOENT"
                ? Effect.succeedNone
                : Effect.as(
                  Effect.logWarning(
                    `Ignoring the unreadable cached baseline of ${scenarioKey(scenario)}: ${error.message}`
                  ),
                  Option.none()
                )
            )
          )
      })
    const writeCache = (scenario: Scenario, baseline: ScenarioBaseline) =>
      Option.match(cacheDir, {
        onNone: () => Effect.void,
        onSome: (dir) =>
          Effect.tryPromise(async () => {
            await mkdir(dir, { recursive: true })
            await writeFile(join(dir, fileName(scenario, baseline.fingerprint)), JSON.stringify(baseline, null, 2))
          }).pipe(
            Effect.catchAll((error) =>
              Effect.logWarning(`Could not cache the baseline of ${scenarioKey(scenario)} in ${dir}: ${error.message}`)
            )
          )
      })
    const provide = <A, E>(effect: Effect.Effect<A, E, Workspaces | HarnessSettings>) =>
      effect.pipe(Effect.provideService(Workspaces, workspaces), Effect.provideService(HarnessSettings, settings))

    const get = (scenario: Scenario) =>
      Effect.gen(function*() {
        const fingerprint = yield* scenarioFingerprint(scenario)
        const key = `${scenarioKey(scenario)}:${fingerprint}`
        const mine = yield* Deferred.make<ScenarioBaseline, WorkspaceError>()
        const existing = yield* Ref.modify(inFlight, (map) => {
          const found = map.get(key)
          return found === undefined ? [undefined, new Map(map).set(key, mine)] : [found, map]
        })
        if (existing !== undefined) return yield* Deferred.await(existing)
        return yield* readCache(scenario, fingerprint).pipe(
          Effect.flatMap(Option.match({
            onSome: Effect.succeed,
            onNone: () =>
              Effect.tap(provide(evaluateBaseline(scenario, fingerprint)), (baseline) => writeCache(scenario, baseline))
          })),
          Effect.tapError(() =>
            Ref.update(inFlight, (map) => {
              const next = new Map(map)
              next.delete(key)
              return next
            })
          ),
          Effect.onExit((exit) => Deferred.done(mine, exit))
        )
      })

    const cached = (scenario: Scenario) =>
      Effect.gen(function*() {
        const fingerprint = yield* scenarioFingerprint(scenario)
        const found = (yield* Ref.get(inFlight)).get(`${scenarioKey(scenario)}:${fingerprint}`)
        if (found !== undefined) {
          const done = yield* Deferred.poll(found)
          if (Option.isSome(done)) return Option.getRight(yield* Effect.either(done.value))
        }
        return yield* readCache(scenario, fingerprint)
      })

    return { get, cached } satisfies BaselinesShape
  })

/** Baselines of untouched fixtures, cached by scenario fingerprint in memory and in `ZE_BASELINES_DIR`. */
export class Baselines extends Context.Tag("ze/harness/Baselines")<Baselines, BaselinesShape>() {
  static readonly layer = Layer.effect(
    Baselines,
    Effect.gen(function*() {
      const settings = yield* HarnessSettings
      return yield* make(yield* Workspaces, settings, Option.some(resolve(settings.baselinesDir)))
    })
  )
  /** Kept in memory only: what `runBatch` uses when no `Baselines` is provided. */
  static readonly memory = Effect.gen(function*() {
    return yield* make(yield* Workspaces, yield* HarnessSettings, Option.none())
  })
}
