import { Effect, Schema } from "effect"
import { dirname } from "node:path"
import { scrubbedEnv } from "../process/Env.js"
import { runProcess, succeeded } from "../process/Process.js"

export class GitError extends Schema.TaggedError<GitError>()("GitError", {
  cwd: Schema.String,
  command: Schema.String,
  message: Schema.String
}) {}

/** Git isolated from the user's and the system's configuration (no hooks, templates, signing or pager). */
const gitEnv = () =>
  scrubbedEnv(process.env, {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "ze",
    GIT_AUTHOR_EMAIL: "ze@localhost",
    GIT_COMMITTER_NAME: "ze",
    GIT_COMMITTER_EMAIL: "ze@localhost",
    GIT_PAGER: "cat"
  })

const gitOptions = ["-c", "core.quotepath=off", "-c", "commit.gpgsign=false"]

/** Runs a git command (`file` and `args`) or a shell script of git commands in `cwd`; fails with stderr unless 0. */
const runGit = (
  cwd: string,
  command: string,
  line: string | { file: string; args: ReadonlyArray<string> },
  stdin?: string
) =>
  runProcess({
    command: line,
    cwd,
    env: gitEnv(),
    timeout: "2 minutes",
    outputCapBytes: 32 * 1024 * 1024,
    ...(stdin === undefined ? {} : { stdin })
  }).pipe(
    Effect.mapError((error) => new GitError({ cwd, command, message: error.message })),
    Effect.flatMap((result) =>
      succeeded(result)
        ? Effect.succeed(result.stdout)
        : Effect.fail(
          new GitError({
            cwd,
            command,
            message: `${command} in ${cwd} failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim()}`
          })
        )
    )
  )

/** Runs git in `cwd`; fails with stderr unless it exits 0. Output is kept up to 32 MB (a whole patch). */
export const git = (cwd: string, args: ReadonlyArray<string>, stdin?: string) =>
  runGit(cwd, `git ${args.join(" ")}`, { file: "git", args: [...gitOptions, ...args] }, stdin)

const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`

/**
 * A step of `gitSteps`: a git command, a file written (relative to `cwd`, its folder made if missing), or a NUL
 * between two outputs.
 */
export type GitStep =
  | { readonly git: ReadonlyArray<string> }
  | { readonly write: string; readonly lines: ReadonlyArray<string> }
  | { readonly separator: true }

/**
 * Git commands run one after another in one shell, stopping at the first that fails: one process where a run's
 * workspace needed one per command (a process start is most of what a small git command costs).
 */
export const gitSteps = (cwd: string, steps: ReadonlyArray<GitStep>) => {
  const script = steps.map((step) =>
    "git" in step
      ? ["git", ...gitOptions, ...step.git].map(quoted).join(" ")
      : "write" in step
      ? `mkdir -p ${quoted(dirname(step.write))} && printf '%s\\n' ${step.lines.map(quoted).join(" ")} > ${
        quoted(step.write)
      }`
      : "printf '\\0'"
  ).join(" && ")
  const command = steps.flatMap((step) => ("git" in step ? [`git ${step.git.join(" ")}`] : [])).join("; ")
  return runGit(cwd, command, script)
}

/** Paths never part of a run's diff: installs and tool caches. */
export const ignoredPaths = ["node_modules/", ".turbo/", ".nx/", ".pnpm-store/", "dist/", ".next/"]
