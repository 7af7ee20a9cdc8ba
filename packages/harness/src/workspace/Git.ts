import { Effect, Schema } from "effect"
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

/** Runs git in `cwd`; fails with stderr unless it exits 0. Output is kept up to 32 MB (a whole patch). */
export const git = (cwd: string, args: ReadonlyArray<string>, stdin?: string) => {
  const command = `git ${args.join(" ")}`
  return runProcess({
    command: { file: "git", args: ["-c", "core.quotepath=off", "-c", "commit.gpgsign=false", ...args] },
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
}

/** Paths never part of a run's diff: installs and tool caches. */
export const ignoredPaths = ["node_modules/", ".turbo/", ".nx/", ".pnpm-store/", "dist/", ".next/"]
