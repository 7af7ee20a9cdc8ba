import { Effect } from "effect"
import { lstat, realpath } from "node:fs/promises"
import { dirname, isAbsolute, join, sep } from "node:path"
import { ToolError } from "./ToolError.js"

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep)

const exists = (path: string) => lstat(path).then(() => true, () => false)

/**
 * Resolves a workspace-relative path for a file tool. Absolute paths, `..` segments and `.git` are refused, and
 * the deepest existing part of the path must resolve (through any symlinks) inside the workspace root, which
 * must itself be a real path.
 */
export const resolveInside = (root: string, path: string, tool: string): Effect.Effect<string, ToolError> =>
  Effect.gen(function*() {
    const refuse = (why: string) => Effect.fail(new ToolError({ tool, message: `${tool}: ${why}` }))
    const relative = path.trim() === "" ? "." : path.trim()
    if (isAbsolute(relative) || /^[A-Za-z]:[\\/]/.test(relative)) {
      return yield* refuse(`absolute paths are refused (${path}); use a path relative to the workspace root`)
    }
    const segments = relative.split(/[\\/]+/).filter((s) => s !== "" && s !== ".")
    if (segments.includes("..")) return yield* refuse(`".." is refused (${path}); paths must stay inside the workspace`)
    if (segments[0] === ".git") return yield* refuse(`the .git folder is off limits (${path})`)
    const candidate = join(root, ...segments)
    for (let current = candidate;; current = dirname(current)) {
      if (yield* Effect.promise(() => exists(current))) {
        const real = yield* Effect.promise(() => realpath(current).catch(() => undefined))
        if (real === undefined) return yield* refuse(`${path} goes through a broken symlink`)
        if (!inside(root, real)) return yield* refuse(`${path} resolves outside the workspace (through a symlink)`)
        return candidate
      }
      if (current === root || !inside(root, current)) return candidate
    }
  })
