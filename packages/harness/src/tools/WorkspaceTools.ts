import { Duration, Effect } from "effect"
import { realpathSync } from "node:fs"
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises"
import { dirname, relative } from "node:path"
import { scrubbedEnv } from "../process/Env.js"
import { runProcess } from "../process/Process.js"
import { git } from "../workspace/Git.js"
import { resolveInside } from "./Jail.js"
import type { Oracle } from "./Oracle.js"
import { ToolError } from "./ToolError.js"

export interface FileEntry {
  readonly name: string
  readonly type: "file" | "dir" | "symlink"
}

export interface CommandOutcome {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
  readonly outputTruncated: boolean
  /** Stopped because it printed more than the output limit. */
  readonly outputLimitExceeded: boolean
  readonly durationMs: number
}

/** The tools every agent gets: file access jailed to the workspace, sandboxed commands, and the oracle. */
export interface WorkspaceTools {
  readonly root: string
  readonly readFile: (path: string) => Effect.Effect<string, ToolError>
  /** Writes a whole file, creating parent folders. */
  readonly writeFile: (
    path: string,
    content: string
  ) => Effect.Effect<{ readonly path: string; readonly bytes: number }, ToolError>
  readonly listFiles: (path?: string) => Effect.Effect<ReadonlyArray<FileEntry>, ToolError>
  /** A shell command in the workspace, with a deadline that kills its whole process tree and no credentials in env. */
  readonly runCommand: (
    command: string,
    options?: { readonly timeoutMs?: number }
  ) => Effect.Effect<CommandOutcome, ToolError>
  readonly askUser: (question: string, context?: string) => Effect.Effect<string, ToolError>
  /** Applies a unified diff (`git apply`: paths outside the repository or beyond symlinks are refused). */
  readonly applyPatch: (patch: string) => Effect.Effect<{ readonly files: ReadonlyArray<string> }, ToolError>
}

export interface WorkspaceToolsOptions {
  /** The workspace root (resolved to its real path, so a symlinked temp folder still jails correctly). */
  readonly root: string
  readonly oracle: Oracle
  readonly commandTimeout: Duration.DurationInput
  readonly outputCapBytes: number
  /** A command that prints more than this (stdout and stderr together) is stopped. */
  readonly outputLimitBytes?: number
  /** The largest file `writeFile` or a command may write. */
  readonly fileSizeLimitBytes?: number
  readonly maxReadBytes?: number
}

const fail = (tool: string, message: string) => Effect.fail(new ToolError({ tool, message: `${tool}: ${message}` }))

const io = <A>(tool: string, what: string, run: () => Promise<A>) =>
  Effect.tryPromise({
    try: run,
    catch: (error) => new ToolError({ tool, message: `${tool}: ${what}: ${(error as Error).message ?? String(error)}` })
  })

const realRoot = (path: string) => {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

export const makeWorkspaceTools = (options: WorkspaceToolsOptions): WorkspaceTools => {
  const root = realRoot(options.root)
  const maxRead = options.maxReadBytes ?? 1024 * 1024
  const maxTimeoutMs = Duration.toMillis(Duration.decode(options.commandTimeout))
  return {
    root,
    readFile: (path) =>
      Effect.gen(function*() {
        const file = yield* resolveInside(root, path, "readFile")
        const info = yield* io("readFile", `cannot read ${path}`, () => stat(file))
        if (info.isDirectory()) return yield* fail("readFile", `${path} is a directory; use listFiles`)
        if (info.size > maxRead) {
          return yield* fail(
            "readFile",
            `${path} has ${info.size} bytes (limit ${maxRead}); read parts of it with runCommand`
          )
        }
        return yield* io("readFile", `cannot read ${path}`, () => readFile(file, "utf8"))
      }),
    writeFile: (path, content) =>
      Effect.gen(function*() {
        const file = yield* resolveInside(root, path, "writeFile")
        if (file === root) return yield* fail("writeFile", "a file path is required")
        const bytes = Buffer.byteLength(content)
        if (options.fileSizeLimitBytes !== undefined && bytes > options.fileSizeLimitBytes) {
          return yield* fail("writeFile", `${path} would have ${bytes} bytes (limit ${options.fileSizeLimitBytes})`)
        }
        yield* io("writeFile", `cannot create the folder of ${path}`, () => mkdir(dirname(file), { recursive: true }))
        yield* io("writeFile", `cannot write ${path}`, () => writeFile(file, content, "utf8"))
        return { path: relative(root, file), bytes }
      }),
    listFiles: (path = ".") =>
      Effect.gen(function*() {
        const dir = yield* resolveInside(root, path, "listFiles")
        const entries = yield* io("listFiles", `cannot list ${path}`, () => readdir(dir, { withFileTypes: true }))
        return entries
          .filter((e) => !(dir === root && e.name === ".git"))
          .map((e): FileEntry => ({
            name: e.name,
            type: e.isSymbolicLink() ? "symlink" : e.isDirectory() ? "dir" : "file"
          }))
          .sort((a, b) => a.name.localeCompare(b.name))
      }),
    runCommand: (command, runOptions) =>
      runProcess({
        command,
        cwd: root,
        env: scrubbedEnv(),
        timeout: Duration.millis(Math.min(runOptions?.timeoutMs ?? maxTimeoutMs, maxTimeoutMs)),
        outputCapBytes: options.outputCapBytes,
        sandbox: root,
        ...(options.outputLimitBytes === undefined ? {} : { outputLimitBytes: options.outputLimitBytes }),
        ...(options.fileSizeLimitBytes === undefined ? {} : { fileSizeLimitBytes: options.fileSizeLimitBytes })
      }).pipe(
        Effect.mapError((error) => new ToolError({ tool: "runCommand", message: `runCommand: ${error.message}` })),
        Effect.map(({ signal: _signal, ...outcome }) => outcome)
      ),
    askUser: (question) =>
      question.trim() === "" ? fail("askUser", "the question is empty") : options.oracle.ask(question),
    applyPatch: (patch) =>
      Effect.gen(function*() {
        // One git call applies the patch and reports the files it touched.
        const numstat = yield* git(root, ["apply", "--numstat", "--apply", "--whitespace=nowarn", "-"], patch)
        return {
          files: numstat.split("\n").filter((l) => l.trim() !== "").map((l) => l.split("\t").slice(2).join("\t"))
        }
      }).pipe(
        Effect.mapError((error) => new ToolError({ tool: "applyPatch", message: `applyPatch: ${error.message}` }))
      )
  }
}
