import { Effect, Option, ParseResult, Ref, Schema } from "effect"
import { readFile } from "node:fs/promises"

/** Upstream's answer when nothing in the answers file matches. */
export const DEFAULT_ORACLE_ANSWER = "Proceed with your best judgment based on the constraints provided."

export const OracleAnswers = Schema.Record({ key: Schema.String, value: Schema.String })
export type OracleAnswers = typeof OracleAnswers.Type

export interface OracleExchange {
  readonly question: string
  readonly answer: string
  readonly match: "exact" | "fuzzy" | "default"
  readonly key: string | null
}

export class OracleFileError extends Schema.TaggedError<OracleFileError>()("OracleFileError", {
  file: Schema.String,
  message: Schema.String
}) {}

const normalise = (key: string) => key.toLowerCase().replace(/[_-]+/g, " ").trim()

/** Exact key, then a key contained in the question (or the question's first 20 characters in a key), then the default. */
export const answerQuestion = (answers: OracleAnswers, question: string): OracleExchange => {
  const asked = question.toLowerCase().trim()
  const entries = Object.entries(answers)
  const exact = entries.find(([key]) => key.toLowerCase().trim() === asked)
  if (exact) return { question, answer: exact[1], match: "exact", key: exact[0] }
  const opening = asked.slice(0, 20)
  const fuzzy = entries.find(([key]) => {
    const k = normalise(key)
    return k.length > 0 && (asked.includes(k) || (opening.length > 0 && k.includes(opening)))
  })
  if (fuzzy) return { question, answer: fuzzy[1], match: "fuzzy", key: fuzzy[0] }
  return { question, answer: DEFAULT_ORACLE_ANSWER, match: "default", key: null }
}

export interface Oracle {
  readonly ask: (question: string) => Effect.Effect<string>
  /** Every question asked so far, with the answer given and how it matched. */
  readonly exchanges: Effect.Effect<ReadonlyArray<OracleExchange>>
}

export const makeOracle = (answers: OracleAnswers) =>
  Effect.map(Ref.make<ReadonlyArray<OracleExchange>>([]), (log): Oracle => ({
    ask: (question) => {
      const exchange = answerQuestion(answers, question)
      return Effect.as(Ref.update(log, (all) => [...all, exchange]), exchange.answer)
    },
    exchanges: Ref.get(log)
  }))

const decodeAnswers = Schema.decodeUnknown(Schema.parseJson(OracleAnswers))

/** The oracle of a scenario's `oracle.answers_file` (validated), or one that always gives the default answer. */
export const loadOracle = (file: Option.Option<string>) =>
  Option.match(file, {
    onNone: () => makeOracle({}),
    onSome: (path) =>
      Effect.tryPromise({
        try: () => readFile(path, "utf8"),
        catch: (error) =>
          new OracleFileError({ file: path, message: `Cannot read oracle answers ${path}: ${String(error)}` })
      }).pipe(
        Effect.flatMap((text) =>
          Effect.mapError(decodeAnswers(text), (error) =>
            new OracleFileError({
              file: path,
              message: `Oracle answers ${path} must be a JSON object of strings: ${
                ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
                  issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
                ).join("; ")
              }`
            }))
        ),
        Effect.flatMap(makeOracle)
      )
  })
