import { A, useSearchParams } from "@solidjs/router"
import { Show } from "solid-js"
import { BatchTable } from "../components/BatchRows.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Pager } from "../components/Pager.js"
import { useQuery } from "../data/Query.js"
import { defined, keyOf, one } from "../lib/params.js"

export default function Batches() {
  const [search, setSearch] = useSearchParams()
  const params = () => defined({ limit: 50, cursor: one(search, "cursor") })
  const page = useQuery(() => keyOf("batches", params()), (client) => client.batchesPage(params()))
  return (
    <>
      <PageHead
        title="Batches"
        subtitle="Newest first; aggregates are computed by the server from the stored runs."
        actions={<A class="button" href="/compare">Compare two batches</A>}
      />
      <Loadable state={page.state()} label="batches" onRetry={page.refetch}>
        {(data) => (
          <Show
            when={data().items.length > 0}
            fallback={
              <Empty>
                No batches stored yet. <code>pnpm ze bench demo</code> makes one.
              </Empty>
            }
          >
            <BatchTable batches={data().items} caption="Batches" />
            <Pager
              cursor={one(search, "cursor")}
              next={data().nextCursor}
              onCursor={(cursor) => setSearch({ cursor })}
            />
          </Show>
        )}
      </Loadable>
    </>
  )
}
