import { useSearchParams } from "@solidjs/router"
import type { RunListParams, RunSort } from "@ze/domain"
import { createMemo, Show } from "solid-js"
import { choices, DateInput, FilterBar, Select, specialistChoices } from "../components/Filters.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Pager } from "../components/Pager.js"
import { RunTable } from "../components/RunRows.js"
import { useQuery } from "../data/Query.js"
import { dayParam, defined, keyOf, nextDay, one, statusParam } from "../lib/params.js"

const sorts: ReadonlyArray<{ value: RunSort; label: string }> = [
  { value: "newest", label: "newest first" },
  { value: "oldest", label: "oldest first" },
  { value: "score-desc", label: "highest score" },
  { value: "score-asc", label: "lowest score" },
  { value: "duration-desc", label: "longest" }
]
const isSort = (value: string | undefined): value is RunSort => sorts.some((s) => s.value === value)

const filterNames = [
  "suite",
  "scenario",
  "tier",
  "agent",
  "model",
  "specialist",
  "status",
  "batchId",
  "from",
  "to"
] as const

export default function Runs() {
  const [search, setSearch] = useSearchParams()
  const params = createMemo((): RunListParams => {
    const sort = one(search, "sort")
    const to = dayParam(search, "to")
    return defined({
      suite: one(search, "suite"),
      scenario: one(search, "scenario"),
      tier: one(search, "tier"),
      agent: one(search, "agent"),
      model: one(search, "model"),
      specialist: one(search, "specialist"),
      status: statusParam(search),
      batchId: one(search, "batchId"),
      from: dayParam(search, "from"),
      to: to === undefined ? undefined : nextDay(to),
      sort: isSort(sort) ? sort : undefined,
      cursor: one(search, "cursor"),
      limit: 50
    })
  })
  const facets = useQuery(() => "facets", (client) => client.runs.facets({}), { ttlMs: 60_000 })
  const page = useQuery(() => keyOf("runs", params()), (client) => client.runsPage(params()))
  /** Changing a filter starts again from the first page. */
  const set = (name: string) => (value: string | undefined) => setSearch({ [name]: value, cursor: undefined })
  const filtered = () => filterNames.some((name) => one(search, name) !== undefined)
  const f = () => facets.data()

  return (
    <>
      <PageHead title="Runs" subtitle="Filters and the sort order live in the address: share it, and Back works." />
      <FilterBar label="Filter runs">
        <Select
          id="suite"
          label="Suite"
          value={one(search, "suite")}
          choices={choices(f()?.suites ?? [])}
          onChange={set("suite")}
        />
        <Select
          id="scenario"
          label="Scenario"
          value={one(search, "scenario")}
          choices={choices([
            ...new Set(
              (f()?.scenarios ?? []).filter((s) => !one(search, "suite") || s.suite === one(search, "suite")).map((s) =>
                s.scenario
              )
            )
          ])}
          onChange={set("scenario")}
        />
        <Select
          id="tier"
          label="Tier"
          value={one(search, "tier")}
          choices={choices(f()?.tiers ?? [])}
          onChange={set("tier")}
        />
        <Select
          id="agent"
          label="Agent"
          value={one(search, "agent")}
          choices={choices(f()?.agents ?? [])}
          onChange={set("agent")}
        />
        <Select
          id="model"
          label="Model"
          value={one(search, "model")}
          choices={choices(f()?.models ?? [])}
          onChange={set("model")}
        />
        <Show when={(f()?.specialists ?? []).length > 0 || one(search, "specialist") !== undefined}>
          <Select
            id="specialist"
            label="Specialist"
            value={one(search, "specialist")}
            choices={specialistChoices([...(f()?.specialists ?? []), one(search, "specialist")])}
            onChange={set("specialist")}
          />
        </Show>
        <Select
          id="status"
          label="Status"
          value={statusParam(search)}
          choices={choices(f()?.statuses ?? [])}
          onChange={set("status")}
        />
        <Select
          id="batchId"
          label="Batch"
          value={one(search, "batchId")}
          choices={choices((f()?.batches ?? []).map((b) => b.batchId))}
          onChange={set("batchId")}
        />
        <DateInput id="from" label="From" value={dayParam(search, "from")} onChange={set("from")} />
        <DateInput id="to" label="Until (incl.)" value={dayParam(search, "to")} onChange={set("to")} />
        <Select
          id="sort"
          label="Sort"
          any="newest first"
          value={isSort(one(search, "sort")) ? one(search, "sort") : undefined}
          choices={sorts.slice(1)}
          onChange={set("sort")}
        />
        <Show when={filtered()}>
          <button
            type="button"
            class="link"
            onClick={() => setSearch(Object.fromEntries([...filterNames, "cursor"].map((n) => [n, undefined])))}
          >
            Clear filters
          </button>
        </Show>
      </FilterBar>
      <Loadable state={page.state()} label="runs" onRetry={page.refetch}>
        {(data) => (
          <Show
            when={data().items.length > 0}
            fallback={<Empty>{filtered() ? "No run matches these filters." : "No runs stored yet."}</Empty>}
          >
            <RunTable runs={data().items} caption="Runs matching the filters" />
            <Pager cursor={one(search, "cursor")} next={data().nextCursor} onCursor={(cursor) => setSearch({ cursor })}>
              <span class="muted">{data().items.length} runs on this page</span>
            </Pager>
          </Show>
        )}
      </Loadable>
    </>
  )
}
