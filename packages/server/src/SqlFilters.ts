import type { Statement } from "@effect/sql"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { RunFilters } from "@ze/domain"
import { NoSpecialist } from "@ze/domain"

/** The WHERE conditions for the shared run filters, over `benchmark_runs r`. */
export const runFilterClauses = (sql: SqlClient, filters: RunFilters): Array<Statement.Fragment> => {
  const clauses: Array<Statement.Fragment> = []
  if (filters.suite !== undefined) clauses.push(sql`r.suite = ${filters.suite}`)
  if (filters.scenario !== undefined) clauses.push(sql`r.scenario = ${filters.scenario}`)
  if (filters.agent !== undefined) clauses.push(sql`r.agent = ${filters.agent}`)
  if (filters.model !== undefined) clauses.push(sql`r.model = ${filters.model}`)
  if (filters.tier !== undefined) clauses.push(sql`r.tier = ${filters.tier}`)
  if (filters.specialist !== undefined) {
    clauses.push(
      filters.specialist === NoSpecialist
        ? sql`(r.specialist_name IS NULL OR r.specialist_name = '')`
        : sql`r.specialist_name = ${filters.specialist}`
    )
  }
  if (filters.status !== undefined) clauses.push(sql`r.status = ${filters.status}`)
  if (filters.batchId !== undefined) clauses.push(sql`r.batchId = ${filters.batchId}`)
  if (filters.from !== undefined) clauses.push(sql`r.started_at >= ${filters.from}`)
  if (filters.to !== undefined) clauses.push(sql`r.started_at < ${filters.to}`)
  return clauses
}
