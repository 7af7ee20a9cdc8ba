import type { RunStatus } from "@ze/domain"
import { NoSpecialist, RunStatus as RunStatusSchema } from "@ze/domain"
import { Schema } from "effect"

/** URL search parameters as the router hands them: a value, several, or none. */
export type SearchParams = Partial<Record<string, string | Array<string>>>

export const one = (params: SearchParams, name: string): string | undefined => {
  const value = params[name]
  const text = Array.isArray(value) ? value[0] : value
  return text === undefined || text === "" ? undefined : text
}

const isStatus = Schema.is(RunStatusSchema)
export const statusParam = (params: SearchParams): RunStatus | undefined => {
  const value = one(params, "status")
  return value !== undefined && isStatus(value) ? value : undefined
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/
export const dayParam = (params: SearchParams, name: string) => {
  const value = one(params, name)
  return value !== undefined && isoDay.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined
}

export const nextDay = (day: string) => new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)

/** A stable cache key: the same filters in any order are the same query. */
export const keyOf = (name: string, values: Record<string, string | number | undefined>) =>
  `${name}?${
    Object.entries(values).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) =>
      `${k}=${v}`
    ).join("&")
  }`

/** Drops undefined entries, so optional schema fields are left out rather than sent as `undefined`. */
export const defined = <T extends Record<string, unknown>>(values: T) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }

/** The compare page asking "does this specialist help?": the batch's plain runs (base) against NAME's (head). */
export const specialistVsPlain = (batchId: string, name: string, mode?: "fixed" | "sequential") =>
  `/compare?${new URLSearchParams({
    base: batchId,
    head: batchId,
    baseSpecialist: NoSpecialist,
    headSpecialist: name,
    ...(mode === undefined ? {} : { mode })
  })}`
