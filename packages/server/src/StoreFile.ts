import { Data, Effect } from "effect"
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync } from "node:fs"
import { dirname, resolve } from "node:path"

/** Why a SQLite file cannot be the store, in words a user can act on. */
export class StoreFileProblem extends Data.TaggedError("StoreFileProblem")<{
  readonly filename: string
  readonly reason: string
}> {
  override get message() {
    return `The store ${this.filename} ${this.reason}`
  }
}

export type StoreAccess = "read" | "write"

/** `missing` (nothing there yet), `readable` (a store that can only be read) or `ready`. */
export type StoreFileState = "missing" | "readable" | "ready"

const sqliteHeader = "SQLite format 3\u0000"

const codeOf = (
  error: unknown
) => (typeof error === "object" && error !== null && "code" in error ? String(error.code) : "")

const statOf = (path: string) => {
  try {
    return statSync(path)
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined
    throw error
  }
}

const headerOf = (filename: string) => {
  const descriptor = openSync(filename, "r")
  try {
    const header = Buffer.alloc(16)
    const read = readSync(descriptor, header, 0, 16, 0)
    return header.subarray(0, read).toString("latin1")
  } finally {
    closeSync(descriptor)
  }
}

const canWrite = (path: string) => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Creates the folders a new store needs one level at a time. Node's recursive `mkdir` never returns on some
 * paths (under /proc it spins forever), so each level is made, and refused, on its own.
 */
const makeFolders = (filename: string, folder: string) => {
  const missing: Array<string> = []
  let current = folder
  for (let stat = statOf(current); stat === undefined; stat = statOf(current)) {
    missing.unshift(current)
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  const existing = statOf(current)
  if (existing !== undefined && !existing.isDirectory()) {
    throw new StoreFileProblem({ filename, reason: `cannot be created: ${current} is a file, not a folder` })
  }
  for (const path of missing) {
    try {
      mkdirSync(path)
    } catch (error) {
      throw new StoreFileProblem({
        filename,
        reason: `cannot be created: the folder ${path} cannot be made (${codeOf(error) || String(error)})`
      })
    }
  }
}

const inspect = (filename: string, access: StoreAccess): StoreFileState => {
  const stat = statOf(filename)
  if (stat === undefined) {
    if (access === "read") return "missing"
    const folder = dirname(resolve(filename))
    makeFolders(filename, folder)
    if (!canWrite(folder)) {
      throw new StoreFileProblem({ filename, reason: `cannot be created: the folder ${folder} is not writable` })
    }
    return "missing"
  }
  if (stat.isDirectory()) throw new StoreFileProblem({ filename, reason: "is a folder, not a database file" })
  if (!stat.isFile()) throw new StoreFileProblem({ filename, reason: "is not a regular file" })
  if (stat.size > 0 && headerOf(filename) !== sqliteHeader) {
    throw new StoreFileProblem({ filename, reason: "is not a SQLite database (ze's store is a SQLite file)" })
  }
  if (canWrite(filename) && canWrite(dirname(resolve(filename)))) return "ready"
  if (access === "write") {
    throw new StoreFileProblem({
      filename,
      reason: "is read-only: runs can be read from it but not stored (choose a writable file with --db)"
    })
  }
  return "readable"
}

/**
 * Checks a store's file before SQLite opens it: it exists or can be created where it is asked for, it is a SQLite
 * file, and it can be written when writes are wanted. Answers at once, never hangs, never creates a file on a read.
 */
export const checkStoreFile = (
  filename: string,
  access: StoreAccess
): Effect.Effect<StoreFileState, StoreFileProblem> =>
  filename === ":memory:" ? Effect.succeed("ready") : Effect.try({
    try: () => inspect(filename, access),
    catch: (error) => {
      if (error instanceof StoreFileProblem) return error
      const code = codeOf(error)
      const reason = code === "ENOTDIR"
        ? "cannot be used: a part of its path is a file, not a folder"
        : code === "EACCES" || code === "EPERM"
        ? "cannot be read: permission denied"
        : `cannot be used: ${error instanceof Error ? error.message : String(error)}`
      return new StoreFileProblem({ filename, reason })
    }
  })
