/**
 * Renders a Vega-Lite specification to a standalone SVG string in Node, without a browser
 * (vega-lite compiles to Vega; Vega's headless View renders SVG). Used by reports, sweeps and experiments.
 * Vega is imported on first use, so commands that draw no chart do not pay its load time (~0.2 s).
 */
import type { TopLevelSpec } from "vega-lite";

export type { TopLevelSpec };

/** Compiles and renders `spec` to SVG markup. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View }] = await Promise.all([import("vega-lite"), import("vega")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
