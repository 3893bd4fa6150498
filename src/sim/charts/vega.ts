/**
 * Renders a Vega-Lite specification to a standalone SVG string in Node, without a browser
 * (vega-lite compiles to Vega; Vega's headless View renders SVG). Used by reports, sweeps and experiments.
 */
import { compile, type TopLevelSpec } from "vega-lite";
import { parse, View } from "vega";

export type { TopLevelSpec };

/** Compiles and renders `spec` to SVG markup. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
