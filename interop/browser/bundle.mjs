// Builds the test page into dist/: src/app.js and @progrium/duplex (from node_modules, pinned by
// package-lock.json) bundled into one file by esbuild, next to src/index.html. The page then needs
// nothing from the network but the server that serves it.
//
//   node bundle.mjs
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

await mkdir(here("dist"), { recursive: true });
await build({
  entryPoints: [here("src/app.js")],
  outfile: here("dist/app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  // duplex reaches for the npm "ws" package and Node's "util"; a page has its own of both
  alias: { ws: here("src/browser-websocket.js"), util: here("src/browser-util.js") },
});
await copyFile(here("src/index.html"), here("dist/index.html"));
console.log("bundled dist/app.js and dist/index.html");
