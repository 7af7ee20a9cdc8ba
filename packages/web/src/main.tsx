import { render } from "solid-js/web"
import { App, preloadPages } from "./App.js"
import { makeApi } from "./data/Api.js"
import "./styles.css"

render(() => <App api={makeApi(window.location.origin)} />, document.getElementById("root")!)
const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 500))
idle(() => void preloadPages())
