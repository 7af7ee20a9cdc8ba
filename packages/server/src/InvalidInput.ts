import { InvalidRequest } from "@ze/domain"

interface DecodeIssue {
  readonly _tag: string
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

export interface DecodeFailure {
  readonly _tag: "HttpApiDecodeError"
  readonly issues: ReadonlyArray<DecodeIssue>
}

export const isDecodeFailure = (error: unknown): error is DecodeFailure =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "HttpApiDecodeError" &&
  "issues" in error

/** The schema's own words where it has them, else "expected X, got Y" without type dumps. */
const reword = (issue: DecodeIssue): string => {
  if (issue._tag === "Missing") return "is required"
  if (issue._tag === "Unexpected") return "is not a field of this request"
  const expected = /^Expected (.*), actual (.*)$/s.exec(issue.message)
  if (expected === null) return issue.message
  const [, what, actual] = expected
  const readable = what!.startsWith("{") ? "a JSON object" : what!.replace(/^"(.*)"$/, "$1")
  return `expected ${readable}, got ${actual!.length > 60 ? `${actual!.slice(0, 60)}…` : actual}`
}

/** An optional or nullable field's other alternatives ("Expected undefined", "Expected null") restate the problem. */
const isAlternative = (issue: DecodeIssue) =>
  issue._tag === "Type" && /^Expected (undefined|null), actual/.test(issue.message)

const literal = /^Expected ("[^"]*"|\d+|true|false), actual (.*)$/s

/**
 * Issues at one path: a union of literals (a status, a sort order) becomes one "expected one of …"; alternatives
 * that only say "or leave it out" are dropped when there is anything else to say.
 */
const merge = (path: string, issues: ReadonlyArray<DecodeIssue>) => {
  const meaningful = issues.some((issue) => !isAlternative(issue))
    ? issues.filter((issue) => !isAlternative(issue))
    : issues
  const literals = meaningful.map((issue) => literal.exec(issue.message))
  if (meaningful.length > 1 && literals.every((match) => match !== null)) {
    const choices = literals.map((match) => match![1]!.replace(/^"(.*)"$/, "$1")).join(", ")
    return [{ path, message: `expected one of ${choices}, got ${literals[0]![2]}` }]
  }
  return [...new Set(meaningful.map(reword))].map((message) => ({ path, message }))
}

/** A schema failure as a 400 that names every wrong field and says, in words, what was expected. */
export const invalidInput = (failure: DecodeFailure, what: string): InvalidRequest => {
  const byPath = new Map<string, Array<DecodeIssue>>()
  for (const issue of failure.issues) {
    const path = issue.path.length === 0 ? "body" : issue.path.map(String).join(".")
    byPath.set(path, [...(byPath.get(path) ?? []), issue])
  }
  // A field that is wrong inside (evaluations.0.score) is not also "expected undefined" as a whole (evaluations).
  const wrongInside = (path: string) => [...byPath.keys()].some((other) => other.startsWith(`${path}.`))
  const issues = [...byPath.entries()].flatMap(([path, atPath]) => {
    const inside = wrongInside(path) ? atPath.filter((issue) => !isAlternative(issue)) : atPath
    return inside.length === 0 ? [] : merge(path, inside)
  })
  const listed = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ")
  return new InvalidRequest({ message: `Invalid ${what}: ${listed}`, issues })
}
