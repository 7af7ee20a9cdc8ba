import { fileURLToPath, pathToFileURL } from "node:url"

const dashboardBuilder = fileURLToPath(new URL("../../../scripts/build-dashboard.mjs", import.meta.url))

/** `wrangler dev` refuses to start without its assets folder (wrangler.toml `[assets]`): build the dashboard first. */
export default async function setup() {
  const { ensureDashboardFolder } = await import(pathToFileURL(dashboardBuilder).href)
  await ensureDashboardFolder()
}
