import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Option, Scope } from "effect"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"
import { baselineRepositoryPrefix, computeDiff, SANDBOX_VARIABLE, taggedProcesses, Workspaces } from "../src/index.js"
import { git } from "../src/workspace/Git.js"
import { scenarioFromYaml, tempDir, writeTree } from "./support.js"

const fixtureScenario = (base: string, files: Readonly<Record<string, string>>) => {
  const fixture = join(base, "scenario", "repo-fixture")
  writeTree(fixture, files)
  return scenarioFromYaml("id: w\nsuite: s\n", join(base, "scenario"), { fixtureDir: Option.some(fixture) })
}

/** A process id that was just used and is free again: the id of a ze that was killed. */
const deadPid = () => {
  const child = spawnSync(process.execPath, ["-e", "0"])
  return child.pid
}

describe("workspaces", () => {
  it.live("sweepStale removes a killed ze's workspaces and kills what still runs for them; others stay", () =>
    Effect.gen(function*() {
      const root = join(realpathSync(yield* tempDir()), "ws")
      const stale = join(root, "s-w-L0-echo-stale")
      const live = join(root, "s-w-L0-echo-live")
      const kept = join(root, "s-w-L0-echo-kept")
      for (const dir of [stale, live, kept]) mkdirSync(dir, { recursive: true })
      writeFileSync(`${stale}.owner`, `${deadPid()}\n${stale}\n`)
      writeFileSync(`${live}.owner`, `${process.pid}\n${live}\n`)
      const leftover = spawn("sleep", ["300"], { env: { ...process.env, [SANDBOX_VARIABLE]: stale }, stdio: "ignore" })
      yield* Effect.addFinalizer(() => Effect.sync(() => leftover.kill("SIGKILL")))
      yield* Effect.sleep("100 millis")
      expect(taggedProcesses(SANDBOX_VARIABLE, stale)).toEqual([leftover.pid])
      const workspaces = yield* Effect.provide(Workspaces, Workspaces.make(root))
      expect(yield* workspaces.sweepStale).toEqual([stale])
      expect(readdirSync(root).sort()).toEqual([basename(kept), basename(live), `${basename(live)}.owner`])
      yield* Effect.sleep("100 millis")
      expect(taggedProcesses(SANDBOX_VARIABLE, stale)).toEqual([])
      expect(leftover.signalCode).toBe("SIGKILL")
    }).pipe(Effect.scoped))

  it.scoped("copies the fixture without README.md files, commits a baseline, and is removed afterwards", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const scenario = fixtureScenario(base, {
        "README.md": "skip me",
        "docs/README.md": "skip me too",
        "docs/guide.md": "keep",
        "src/index.js": "export {}",
        "node_modules/x/index.js": "never copied"
      })
      const workspaces = yield* Effect.provide(Workspaces, Workspaces.make(join(base, "ws")))
      const scope = yield* Scope.make()
      const workspace = yield* Scope.extend(workspaces.acquire({ scenario, label: "s-w-L0-echo" }), scope)
      expect(workspace.dir.startsWith(join(base, "ws"))).toBe(true)
      expect(existsSync(join(workspace.dir, "README.md"))).toBe(false)
      expect(existsSync(join(workspace.dir, "docs/README.md"))).toBe(false)
      expect(existsSync(join(workspace.dir, "node_modules"))).toBe(false)
      expect(readFileSync(join(workspace.dir, "docs/guide.md"), "utf8")).toBe("keep")
      expect(workspace.baseline).toMatch(/^[0-9a-f]{40}$/)
      expect((yield* git(workspace.dir, ["status", "--porcelain"])).trim()).toBe("")
      expect((yield* git(workspace.dir, ["ls-files"])).trim().split("\n")).toEqual(["docs/guide.md", "src/index.js"])
      yield* Scope.close(scope, Exit.void)
      expect(existsSync(workspace.dir)).toBe(false)
    }))

  it.scoped("a fixture's baseline is committed once per state of the fixture and removed with the Workspaces", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const root = join(base, "ws")
      const scenario = fixtureScenario(base, { "a.txt": "a\n", "src/b.js": "export {}\n" })
      const fixture = Option.getOrThrow(scenario.fixtureDir)
      const layerScope = yield* Scope.make()
      const workspaces = Context.get(yield* Layer.buildWithScope(Workspaces.make(root), layerScope), Workspaces)
      const acquire = Effect.scoped(
        Effect.flatMap(workspaces.acquire({ scenario, label: "same" }), (workspace) =>
          Effect.gen(function*() {
            const status = (yield* git(workspace.dir, ["status", "--porcelain"])).trim()
            writeFileSync(join(workspace.dir, "a.txt"), "changed\n")
            const diff = yield* computeDiff(workspace.dir, workspace.baseline)
            return { baseline: workspace.baseline, status, changed: diff.files.map((file) => file.path) }
          }))
      )
      const first = yield* acquire
      const second = yield* acquire
      expect(first).toEqual({ baseline: second.baseline, status: "", changed: ["a.txt"] })
      expect(second).toEqual(first)
      const repositories = () => readdirSync(root).filter((name) => name.startsWith(baselineRepositoryPrefix))
      expect(repositories()).toHaveLength(2) // the repository and its owner file

      // The fixture changed: its workspaces get a baseline of what it holds now.
      writeFileSync(join(fixture, "a.txt"), "a newer baseline\n")
      const third = yield* acquire
      expect(third.baseline).not.toBe(first.baseline)
      expect(third.status).toBe("")
      expect(third.changed).toEqual(["a.txt"])
      expect(repositories()).toHaveLength(4)

      yield* Scope.close(layerScope, Exit.void)
      expect(readdirSync(root)).toEqual([])
      // A workspace acquired after that commits its own baseline and leaves nothing behind either.
      expect((yield* acquire).changed).toEqual(["a.txt"])
      expect(readdirSync(root)).toEqual([])
    }))

  it.scoped("a warmed-up fixture's workspace gets its installed dependencies; its baseline repository does not", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const root = join(base, "ws")
      const plain = fixtureScenario(base, { "src/a.js": "export {}\n", "node_modules/dep/index.js": "installed" })
      const warmed = { ...plain, preparedBy: "warmup" as const }
      const workspaces = Context.get(yield* Layer.build(Workspaces.make(root)), Workspaces)
      const workspace = yield* workspaces.acquire({ scenario: warmed, label: "warmed" })
      expect(readFileSync(join(workspace.dir, "node_modules/dep/index.js"), "utf8")).toBe("installed")
      expect((yield* git(workspace.dir, ["status", "--porcelain"])).trim()).toBe("")
      expect((yield* git(workspace.dir, ["ls-files"])).trim()).toBe("src/a.js")
      const [repository] = readdirSync(root).filter((name) =>
        name.startsWith(baselineRepositoryPrefix) && !name.endsWith(".owner")
      )
      expect(existsSync(join(root, repository!, "node_modules"))).toBe(false)
      // The same fixture without its warmup shares the repository (the commit is the same) and gets no dependencies.
      const other = yield* workspaces.acquire({ scenario: plain, label: "plain" })
      expect(other.baseline).toBe(workspace.baseline)
      expect(existsSync(join(other.dir, "node_modules"))).toBe(false)
    }))

  it.scoped("keep: on-failure keeps a failed run's workspace and removes a passing one", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const scenario = fixtureScenario(base, { "a.txt": "a" })
      const layer = Workspaces.make(join(base, "ws"), "on-failure")
      const failedDir = yield* Effect.flatMap(Workspaces, (w) =>
        Effect.scoped(Effect.tap(w.acquire({ scenario, label: "failed" }), (ws) => ws.markFailed))).pipe(
          Effect.map((ws) =>
            ws.dir
          ),
          Effect.provide(layer)
        )
      const passedDir = yield* Effect.flatMap(
        Workspaces,
        (w) => Effect.scoped(w.acquire({ scenario, label: "passed" }))
      ).pipe(
        Effect.map((ws) => ws.dir),
        Effect.provide(layer)
      )
      expect(existsSync(failedDir)).toBe(true)
      expect(existsSync(passedDir)).toBe(false)
    }))

  it.scoped("a scenario without its fixture fails with a message naming the scenario folder", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const scenario = scenarioFromYaml("id: w\nsuite: s\n", join(base, "scenario"))
      const error = yield* Effect.flip(Effect.flatMap(Workspaces, (w) => w.acquire({ scenario, label: "x" }))).pipe(
        Effect.provide(Workspaces.make(join(base, "ws")))
      )
      expect(error.message).toContain("has no repo-fixture/ or repo/")
    }))

  it.scoped("copying is fast: 2,000 files in well under a few seconds", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const files: Record<string, string> = {}
      for (let i = 0; i < 2000; i++) {
        files[`src/module${i % 40}/file${i}.ts`] = `export const value${i} = ${i}\n`.repeat(20)
      }
      const scenario = fixtureScenario(base, files)
      const workspace = yield* Effect.flatMap(Workspaces, (w) => w.acquire({ scenario, label: "big" })).pipe(
        Effect.provide(Workspaces.make(join(base, "ws")))
      )
      expect(workspace.copyMs).toBeLessThan(5000)
      console.info(`workspace copy: 2,000 files in ${workspace.copyMs} ms`)
    }))
})

describe("diff", () => {
  it.scoped("lists added, modified, deleted and renamed files with a unified patch and the dependency delta", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const scenario = fixtureScenario(base, {
        "package.json": JSON.stringify(
          { dependencies: { react: "18.2.0", xterm: "5.0.0" }, devDependencies: { typescript: "5.4.0" } },
          null,
          2
        ),
        "apps/app/package.json": JSON.stringify({ name: "app", peerDependencies: { react: "^18" } }, null, 2),
        "src/keep.js": "one\ntwo\n",
        "src/gone.js": "bye\n",
        "src/old-name.js": "a long enough file body to be detected as a rename\n".repeat(5)
      })
      const workspace = yield* Effect.flatMap(Workspaces, (w) => w.acquire({ scenario, label: "diff" })).pipe(
        Effect.provide(Workspaces.make(join(base, "ws")))
      )
      const dir = workspace.dir
      writeTree(dir, {
        "package.json": JSON.stringify(
          {
            dependencies: { react: "18.3.1", "@xterm/xterm": "5.5.0" },
            devDependencies: { typescript: "5.4.0" },
            optionalDependencies: { fsevents: "2" }
          },
          null,
          2
        ),
        "apps/app/package.json": JSON.stringify({ name: "app" }, null, 2),
        "src/keep.js": "one\nTWO\n",
        "src/new.js": "hello\n",
        "src/new-name.js": "a long enough file body to be detected as a rename\n".repeat(5),
        "node_modules/pkg/index.js": "ignored"
      })
      yield* git(dir, ["rm", "-q", "src/gone.js", "src/old-name.js"])
      const diff = yield* computeDiff(dir, workspace.baseline)
      expect([...diff.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: "apps/app/package.json", status: "modified" },
        { path: "package.json", status: "modified" },
        { path: "src/gone.js", status: "deleted" },
        { path: "src/keep.js", status: "modified" },
        { path: "src/new-name.js", status: "renamed", from: "src/old-name.js" },
        { path: "src/new.js", status: "added" }
      ])
      expect(diff.patch).toContain("diff --git a/src/keep.js b/src/keep.js")
      expect(diff.patch).toContain("-two\n+TWO")
      expect(diff.patch).not.toContain("node_modules")
      expect(diff.dependencies).toEqual([
        { file: "apps/app/package.json", section: "peerDependencies", name: "react", from: "^18", to: null },
        { file: "package.json", section: "dependencies", name: "@xterm/xterm", from: null, to: "5.5.0" },
        { file: "package.json", section: "dependencies", name: "react", from: "18.2.0", to: "18.3.1" },
        { file: "package.json", section: "dependencies", name: "xterm", from: "5.0.0", to: null },
        { file: "package.json", section: "optionalDependencies", name: "fsevents", from: null, to: "2" }
      ])
    }))
})
