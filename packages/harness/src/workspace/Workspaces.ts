import { Context, Deferred, Effect, Exit, FiberId, Layer, Option, Ref, Schema, Scope } from "effect"
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises"
import { basename, join, resolve } from "node:path"
import { HarnessSettings } from "../HarnessSettings.js"
import type { KeepWorkspaces } from "../HarnessSettings.js"
import { isAlive, killTagged, SANDBOX_VARIABLE } from "../process/Sweep.js"
import type { Scenario } from "../scenario/Scenario.js"
import { needsFixture } from "../scenario/Scenario.js"
import { copyTree } from "./CopyTree.js"
import { fingerprintTree } from "./Fingerprint.js"
import { gitSteps, ignoredPaths } from "./Git.js"

export class WorkspaceError extends Schema.TaggedError<WorkspaceError>()("WorkspaceError", {
  path: Schema.String,
  message: Schema.String
}) {}

/** A run's working copy: a git repository whose first commit is the untouched fixture. */
export interface Workspace {
  readonly dir: string
  readonly baseline: string
  /** Marks the run as failed, so a `keep: on-failure` workspace survives the run. */
  readonly markFailed: Effect.Effect<void>
  readonly copyMs: number
}

export interface WorkspaceRequest {
  readonly scenario: Scenario
  /** Readable prefix of the directory name (suite, scenario, tier, agent). */
  readonly label: string
  /** Copy README.md files too (upstream skips them, so the default does). */
  readonly includeReadme?: boolean
}

export interface WorkspacesShape {
  /** A fresh workspace for one run, removed when the scope closes unless the keep policy says otherwise. */
  readonly acquire: (request: WorkspaceRequest) => Effect.Effect<Workspace, WorkspaceError, Scope.Scope>
  /**
   * Removes the workspaces of a ze process that no longer exists (killed mid-batch), after killing every process
   * still running for them; kept workspaces are left alone. Returns the folders removed.
   */
  readonly sweepStale: Effect.Effect<ReadonlyArray<string>>
}

/**
 * Beside each workspace in use: the id of the ze process using it and the workspace's real path (what its commands
 * carry in `ZE_SANDBOX`), removed when the workspace is released.
 */
const ownerFile = (dir: string) => `${dir}.owner`

/** Kills whatever still runs for a workspace, then removes it and its owner file. */
const removeWorkspace = (dir: string) =>
  Effect.promise(async () => {
    killTagged(SANDBOX_VARIABLE, dir)
    await rm(dir, { recursive: true, force: true, maxRetries: 3 })
    await rm(ownerFile(dir), { force: true })
  })

const staleWorkspaces = (root: string) =>
  Effect.promise(async () => {
    const names = await readdir(root).catch(() => [] as Array<string>)
    const owners = await Promise.all(
      names.filter((name) => name.endsWith(".owner")).map(async (name) => {
        const [pid = "", dir = ""] = (await readFile(join(root, name), "utf8").catch(() => "")).split("\n")
        return { pid: Number(pid), dir, name: name.slice(0, -".owner".length) }
      })
    )
    // Only a folder of this root by the owner file's own name is ever removed, whatever the file says.
    return owners.filter(({ dir, name, pid }) =>
      Number.isInteger(pid) && pid > 0 && basename(dir) === name && !isAlive(pid)
    )
      .map(({ dir }) => dir)
  })

const safeName = (label: string) => label.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)

const attempt = <A>(path: string, what: string, run: () => Promise<A>) =>
  Effect.tryPromise({
    try: run,
    catch: (error) => new WorkspaceError({ path, message: `${what} ${path}: ${String(error)}` })
  })

interface CopyOptions {
  readonly includeReadme: boolean
  readonly includeDependencies: boolean
}

const copyFixture = (from: string, to: string, options: CopyOptions) =>
  attempt(
    from,
    "Cannot copy the fixture",
    () =>
      copyTree(
        from,
        to,
        (name) =>
          name !== ".git" && (options.includeDependencies || name !== "node_modules") &&
          (options.includeReadme || name !== "README.md")
      )
  )

/**
 * The baseline commit of the untouched copy, in one git process: init, excludes, add, commit, its hash. No template
 * (git's sample hooks) and no reflog: files every workspace would copy for nothing; no automatic maintenance (a
 * process of its own after the commit). `pack`: the objects in one pack instead of a loose file each, so that
 * each workspace that copies the repository copies a few files, whatever the fixture's size.
 */
const initRepository = (dir: string, options: { readonly pack: boolean }) =>
  gitSteps(dir, [
    { git: ["init", "-q", "-b", "main", "--template="] },
    { write: join(".git", "info", "exclude"), lines: ignoredPaths },
    { git: ["add", "-A"] },
    {
      git: [
        "-c",
        "core.logAllRefUpdates=false",
        "-c",
        "maintenance.auto=false",
        "commit",
        "-q",
        "--allow-empty",
        "--no-verify",
        "-m",
        "ze baseline"
      ]
    },
    ...(options.pack ? [{ git: ["repack", "-a", "-d", "-q"] }] : []),
    { git: ["rev-parse", "HEAD"] }
  ]).pipe(
    Effect.map((out) => out.trim()),
    Effect.mapError((error) => new WorkspaceError({ path: dir, message: error.message }))
  )

/** How the baseline repositories' folders begin, beside the workspaces (they last as long as the `Workspaces`). */
export const baselineRepositoryPrefix = ".baseline-"

/** A fixture's baseline, committed once: every workspace of the fixture copies this repository's `.git`. */
interface BaselineRepository {
  readonly gitDir: string
  readonly baseline: string
}

/** A fresh folder of `root` with its owner file, so that `sweepStale` removes it once this process is gone. */
const ownedFolder = (root: string, prefix: string) =>
  attempt(root, "Cannot create a workspace in", async () => {
    await mkdir(root, { recursive: true })
    const real = await realpath(await mkdtemp(join(root, prefix)))
    await writeFile(ownerFile(real), `${process.pid}\n${real}\n`)
    return real
  })

/**
 * The baseline repositories of the fixtures, one per state of a fixture (its fingerprint: names, sizes, mtimes) and
 * whether README files are copied, made on first use and removed when the scope closes. A run's workspace copies the fixture and the
 * repository's `.git` instead of committing the same files again: git's init, add and commit were ~20 ms a run.
 */
const baselineRepositories = (root: string, scope: Scope.Scope) => {
  const made = new Map<string, Deferred.Deferred<BaselineRepository, WorkspaceError>>()
  const folders: Array<string> = []
  // Installed dependencies are never part of the commit (`ignoredPaths`): the repository does without their copy.
  const create = (fixture: string, includeReadme: boolean) =>
    Effect.gen(function*() {
      const dir = yield* ownedFolder(root, baselineRepositoryPrefix)
      folders.push(dir)
      return yield* Effect.gen(function*() {
        yield* copyFixture(fixture, dir, { includeReadme, includeDependencies: false })
        const baseline = yield* initRepository(dir, { pack: true })
        return { gitDir: join(dir, ".git"), baseline }
      }).pipe(Effect.tapError(() =>
        Effect.zipRight(Effect.sync(() => folders.splice(folders.indexOf(dir), 1)), removeWorkspace(dir))
      ))
    })
  let open = true
  const removeAll = Effect.suspend(() => {
    open = false
    return Effect.forEach(folders, removeWorkspace, { discard: true })
  })
  return Effect.as(
    Scope.addFinalizer(scope, removeAll),
    /** The fixture's baseline repository; none once the scope has closed (nothing would remove a new one). */
    (fixture: string, options: CopyOptions) =>
      Effect.gen(function*() {
        if (!open) return Option.none<BaselineRepository>()
        const { hash } = yield* fingerprintTree(fixture)
        const key = `${hash}:${options.includeReadme}`
        const known = made.get(key)
        if (known !== undefined) return Option.some(yield* Deferred.await(known))
        const making = Deferred.unsafeMake<BaselineRepository, WorkspaceError>(FiberId.none)
        made.set(key, making)
        const exit = yield* Effect.exit(create(fixture, options.includeReadme))
        // A failure is not kept: the next workspace of the fixture tries again.
        if (Exit.isFailure(exit)) made.delete(key)
        yield* Deferred.done(making, exit)
        return Option.some(yield* exit)
      })
  )
}

const make = (root: string, keep: KeepWorkspaces, scope: Scope.Scope) =>
  Effect.map(baselineRepositories(root, scope), (repositoryOf): WorkspacesShape => ({
    acquire: (request) =>
      Effect.gen(function*() {
        const failed = yield* Ref.make(false)
        const acquire = Effect.gen(function*() {
          const scenario = request.scenario
          const fixture = needsFixture(scenario) ? scenario.fixtureDir : Option.none<string>()
          if (needsFixture(scenario) && Option.isNone(fixture)) {
            return yield* new WorkspaceError({
              path: scenario.dir,
              message: `Scenario ${scenario.suite}/${scenario.name} has no repo-fixture/ or repo/ in ${scenario.dir}`
            })
          }
          const dir = yield* ownedFolder(root, `${safeName(request.label)}-`)
          // A copy or a git init that fails half-way leaves nothing behind.
          return yield* Effect.gen(function*() {
            if (Option.isNone(fixture)) {
              const baseline = yield* initRepository(dir, { pack: false })
              return { dir, baseline, copyMs: 0, markFailed: Ref.set(failed, true) } satisfies Workspace
            }
            const options = {
              includeReadme: request.includeReadme === true,
              includeDependencies: scenario.preparedBy === "warmup"
            }
            const repository = yield* repositoryOf(fixture.value, options)
            // The copy of the fixture alone, as upstream's `workspaceCopyMs`; a first baseline repository is not in it.
            const started = performance.now()
            yield* copyFixture(fixture.value, dir, options)
            const copyMs = Math.round(performance.now() - started)
            const baseline = Option.isSome(repository)
              ? yield* Effect.as(
                attempt(dir, "Cannot copy the baseline repository into", () =>
                  copyTree(repository.value.gitDir, join(dir, ".git"), () =>
                    true)),
                repository.value.baseline
              )
              : yield* initRepository(dir, { pack: false })
            return { dir, baseline, copyMs, markFailed: Ref.set(failed, true) } satisfies Workspace
          }).pipe(Effect.tapError(() =>
            removeWorkspace(dir)
          ))
        })
        return yield* Effect.acquireRelease(acquire, (workspace, exit) =>
          Effect.gen(function*() {
            const runFailed = Exit.isFailure(exit) || (yield* Ref.get(failed))
            if (keep === "always" || (keep === "on-failure" && runFailed)) {
              killTagged(SANDBOX_VARIABLE, workspace.dir)
              yield* Effect.promise(() => rm(ownerFile(workspace.dir), { force: true }))
              return yield* Effect.logInfo(`Workspace kept: ${workspace.dir}`)
            }
            yield* removeWorkspace(workspace.dir)
          }))
      }).pipe(Effect.withSpan("Workspaces.acquire")),
    sweepStale: Effect.gen(function*() {
      const stale = yield* staleWorkspaces(root)
      yield* Effect.forEach(stale, removeWorkspace, { discard: true })
      return stale
    }).pipe(Effect.withSpan("Workspaces.sweepStale"))
  }))

export class Workspaces extends Context.Tag("ze/harness/Workspaces")<Workspaces, WorkspacesShape>() {
  /** Workspaces under `HarnessSettings.workspacesDir` (resolved against the current directory). */
  static readonly layer = Layer.scoped(
    Workspaces,
    Effect.flatMap(
      Effect.all([HarnessSettings, Effect.scope]),
      ([settings, scope]) => make(resolve(settings.workspacesDir), settings.keepWorkspaces, scope)
    )
  )
  static readonly make = (root: string, keep: KeepWorkspaces = "never") =>
    Layer.scoped(Workspaces, Effect.flatMap(Effect.scope, (scope) => make(resolve(root), keep, scope)))
}
