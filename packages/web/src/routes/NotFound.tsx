import { A } from "@solidjs/router"
import { PageHead } from "../components/Layout.js"

export default function NotFound() {
  return (
    <>
      <PageHead title="Page not found" />
      <p>
        There is no dashboard page here. Go to the <A href="/">overview</A> or the <A href="/runs">runs</A>.
      </p>
    </>
  )
}
