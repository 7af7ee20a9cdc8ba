import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { describe, expect, it } from "@effect/vitest"
import { isAttributableStatus, isInProgressStatus, RunStatuses } from "@ze/domain"
import type { RunStatus } from "@ze/domain"
import { Effect } from "effect"
import { attributableClause, finishedClause, sqlStatusList } from "../src/SqlStatuses.js"

/** What SQLite makes of `clause` for a row `c` of each status. */
const verdicts = (clause: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const verdict = new Map<string, boolean>()
    for (const status of RunStatuses) {
      const [row] = yield* sql.unsafe<{ yes: number }>(`SELECT (${clause}) AS yes FROM (SELECT ? AS status) c`, [
        status
      ])
      verdict.set(status, row?.yes === 1)
    }
    return verdict
  })

const expected = (predicate: (status: string) => boolean) =>
  new Map(RunStatuses.map((status) => [status, predicate(status)]))

describe("the SQL status lists", () => {
  it.layer(SqliteClient.layer({ filename: ":memory:" }))((it) => {
    it.effect("agree with the domain's predicates for every status", () =>
      Effect.gen(function*() {
        expect(yield* verdicts(attributableClause("c"))).toEqual(expected(isAttributableStatus))
        expect(yield* verdicts(finishedClause("c"))).toEqual(expected((status) => !isInProgressStatus(status)))
      }))
  })

  it("quote only run statuses", () => {
    expect(sqlStatusList(["running", "incomplete"])).toBe("('running', 'incomplete')")
    expect(() => sqlStatusList(["passed', 'x') OR ('1" as RunStatus])).toThrow(/Not a list of run statuses/)
    expect(() => sqlStatusList([])).toThrow(/Not a list of run statuses/)
  })
})
