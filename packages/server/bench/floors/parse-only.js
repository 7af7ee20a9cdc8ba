// Ingest floor (d): a trivial Worker that only parses the JSON body and answers 201; what workerd and wrangler dev
// cost before any storage. Its /health is the cold-start baseline of sizes.bench.ts.
export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ok")
    const run = await request.json()
    return Response.json({ success: true, runId: run.runId, created: true }, { status: 201 })
  }
}
