import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { basename, join } from "node:path"
import { git, gitSteps } from "../workspace/Git.js"

export interface FileChange {
  readonly path: string
  readonly status: "added" | "modified" | "deleted" | "renamed"
  /** The old path of a rename. */
  readonly from?: string
}

export const dependencySections = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies"
] as const
export type DependencySection = (typeof dependencySections)[number]

export interface DependencyChange {
  readonly file: string
  readonly section: DependencySection
  readonly name: string
  /** `null` when added. */
  readonly from: string | null
  /** `null` when removed. */
  readonly to: string | null
}

export interface DiffResult {
  readonly files: ReadonlyArray<FileChange>
  /** Unified patch against the baseline commit (binary files show as such). */
  readonly patch: string
  readonly dependencies: ReadonlyArray<DependencyChange>
}

const statusOf = (code: string): FileChange["status"] =>
  code.startsWith("A") ? "added" : code.startsWith("D") ? "deleted" : code.startsWith("R") ? "renamed" : "modified"

/** Parses `git diff --name-status -z` (renames carry two paths). */
export const parseNameStatus = (output: string): ReadonlyArray<FileChange> => {
  const fields = output.split("\0").filter((f) => f !== "")
  const changes: Array<FileChange> = []
  for (let i = 0; i < fields.length;) {
    const code = fields[i++] ?? ""
    if (code.startsWith("R") || code.startsWith("C")) {
      const from = fields[i++] ?? ""
      changes.push({ path: fields[i++] ?? "", status: "renamed", from })
    } else changes.push({ path: fields[i++] ?? "", status: statusOf(code) })
  }
  return changes
}

type Sections = (section: DependencySection) => Readonly<Record<string, string>>

const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

const dependenciesOf = (text: string | undefined): Sections => {
  let manifest: Readonly<Record<string, unknown>> = {}
  try {
    manifest = asRecord(text === undefined ? {} : JSON.parse(text))
  } catch {
    manifest = {}
  }
  return (section) =>
    Object.fromEntries(
      Object.entries(asRecord(manifest[section])).filter((e): e is [string, string] => typeof e[1] === "string")
    )
}

/** Dependency changes between two versions of a package.json (either may be absent). */
export const dependencyDelta = (file: string, before: string | undefined, after: string | undefined) => {
  const [old, now] = [dependenciesOf(before), dependenciesOf(after)]
  return dependencySections.flatMap((section) => {
    const [a, b] = [old(section), now(section)]
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((name): Array<DependencyChange> =>
      a[name] === b[name] ? [] : [{ file, section, name, from: a[name] ?? null, to: b[name] ?? null }]
    )
  })
}

/**
 * What the agent changed: every file added, modified, deleted or renamed since the baseline commit, the unified
 * patch, and the dependency delta across all package.json files. Stages the workspace (`git add -A`).
 */
export const computeDiff = Effect.fn("computeDiff")(function*(workspace: string, baseline: string) {
  // One git process: stage, list (NUL-separated, never two NULs in a row), a NUL, then the patch.
  const out = yield* gitSteps(workspace, [
    { git: ["add", "-A"] },
    { git: ["diff", "--cached", "-M", "--name-status", "-z", baseline] },
    { separator: true },
    { git: ["diff", "--cached", "-M", "--no-color", "--no-ext-diff", baseline] }
  ])
  const boundary = out.startsWith("\0") ? 0 : out.indexOf("\0\0") + 1
  const files = parseNameStatus(out.slice(0, boundary))
  const patch = out.slice(boundary + 1)
  const manifests = files.filter((f) =>
    basename(f.path) === "package.json" || (f.from !== undefined && basename(f.from) === "package.json")
  )
  const dependencies: Array<DependencyChange> = []
  for (const change of manifests) {
    const oldPath = change.from ?? change.path
    const before = change.status === "added"
      ? undefined
      : yield* git(workspace, ["show", `${baseline}:${oldPath}`]).pipe(Effect.orElseSucceed(() => undefined))
    const after = change.status === "deleted"
      ? undefined
      : yield* Effect.promise(() => readFile(join(workspace, change.path), "utf8").catch(() => undefined))
    dependencies.push(...dependencyDelta(change.path, before, after))
  }
  return { files, patch, dependencies } satisfies DiffResult
})

/** Upstream's `diffSummary`/`depsDelta` metadata shapes. */
export const diffMetadata = (diff: DiffResult) => ({
  diffSummary: diff.files.map((f) => ({ file: f.path, status: f.status, ...(f.from ? { from: f.from } : {}) })),
  depsDelta: diff.dependencies.map((d) => ({ file: d.file, section: d.section, name: d.name, from: d.from, to: d.to }))
})
