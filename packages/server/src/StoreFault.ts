import { Option } from "effect"

/** The code of the error a write gets from a store that has closed (`AtomicWriter`): a fault of the store. */
export const storeClosedCode = "ZE_STORE_CLOSED"

/** SQLite's result codes that say the store itself failed (full, read-only, damaged, gone), not the request. */
const faultCodes = [
  [storeClosedCode, "the store is closed"],
  ["SQLITE_FULL", "the database or its disk is full"],
  ["SQLITE_READONLY", "the database cannot be written (read-only file or folder)"],
  ["SQLITE_IOERR", "the disk failed to read or write the database"],
  ["SQLITE_CORRUPT", "the database file is damaged"],
  ["SQLITE_NOTADB", "the file is not a SQLite database"],
  ["SQLITE_CANTOPEN", "the database file cannot be opened"]
] as const

/** D1 reports the same faults in words. */
const faultWords = [
  [/database or disk is full|SQLITE_FULL/i, "the database or its disk is full"],
  [/readonly database|SQLITE_READONLY/i, "the database cannot be written"],
  [/disk I\/O error|SQLITE_IOERR/i, "the disk failed to read or write the database"],
  [/malformed|SQLITE_CORRUPT/i, "the database file is damaged"]
] as const

const fieldOf = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined

/** The error and its causes, four deep (a `SqlError`, its driver's error, D1's): where a store says what failed. */
const causeChain = (error: unknown): ReadonlyArray<{ readonly code: unknown; readonly message: unknown }> => {
  const chain: Array<{ code: unknown; message: unknown }> = []
  for (let current: unknown = error; current !== undefined && chain.length < 4; current = fieldOf(current, "cause")) {
    chain.push({ code: fieldOf(current, "code"), message: fieldOf(current, "message") })
  }
  return chain
}

/**
 * What is wrong with the store, when a failure (a `SqlError`, its cause, or D1's error) is a fault of the store:
 * the request was fine and retrying it elsewhere, or later, could succeed. Anything else is none.
 */
export const storeFaultOf = (error: unknown): Option.Option<string> => {
  for (const { code, message } of causeChain(error)) {
    if (typeof code === "string") {
      const known = faultCodes.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`))
      if (known !== undefined) return Option.some(known[1])
    }
    if (typeof message === "string") {
      const worded = faultWords.find(([pattern]) => pattern.test(message))
      if (worded !== undefined) return Option.some(worded[1])
    }
  }
  return Option.none()
}

/** A write that broke a UNIQUE constraint (SQLite's code, or D1's words): the row it meant to create is there. */
export const isUniqueViolation = (error: unknown): boolean =>
  causeChain(error).some(({ code, message }) =>
    code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    (typeof message === "string" && /UNIQUE constraint failed/.test(message))
  )
