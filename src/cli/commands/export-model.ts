/**
 * `fedrec export-model`: reads a model (a bundle, or the model/ checkpoint of a `fedrec simulate --out`
 * run directory), verifies its format version and every checksum, and writes a bundle with the chosen
 * dtype, DynamoDB table names and (optionally) the optimiser state.
 */
import { Command, Option } from "commander";
import { writeBundle } from "../../backend/bundle.js";
import { loadModelFrom, reexportFiles } from "../../backend/export.js";
import type { NpyDtype } from "../../core/model/npy.js";
import { UsageError } from "../errors.js";
import { oneOf } from "../parse.js";
import { fmt, makePalette, renderTable } from "../render.js";

interface ExportOptions {
  from: string;
  out: string;
  dtype: NpyDtype;
  optimizer: boolean;
  mappingTable?: string;
  modelTable?: string;
  json: boolean;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

async function action(o: ExportOptions): Promise<void> {
  for (const [flag, name] of [["--mapping-table", o.mappingTable], ["--model-table", o.modelTable]] as const) {
    if (name !== undefined && !TABLE_NAME.test(name)) throw new UsageError(`option '${flag} <name>': "${name}" is not a DynamoDB table name (3–255 of a-z A-Z 0-9 _ - .)`);
  }
  const bundle = loadModelFrom(o.from);
  const tables = { mapping: o.mappingTable ?? bundle.manifest.tables.mapping, model: o.modelTable ?? bundle.manifest.tables.model };
  const files = reexportFiles(bundle, { dtype: o.dtype, created: new Date().toISOString(), optimizer: o.optimizer, tables });
  writeBundle(o.out, files);
  const manifest = JSON.parse(files["manifest.json"] as string) as { n: number; f: number; users: number; files: Record<string, { bytes: number }> };
  const result = {
    from: bundle.dir,
    out: o.out,
    n: manifest.n,
    f: manifest.f,
    users: manifest.users,
    dtype: o.dtype,
    files: Object.keys(files).length,
    bytes: Object.values(manifest.files).reduce((s, e) => s + e.bytes, 0),
    optimizer: o.optimizer && bundle.checkpoint !== null,
    tables,
  };
  if (o.json) process.stdout.write(JSON.stringify(result) + "\n");
  else {
    process.stderr.write(
      renderTable(`fedrec export-model — ${result.from} → ${result.out}`, [["bundle", [
        ["rows × factors", `${result.n} × ${result.f}`],
        ["users mapped", String(result.users)],
        ["dtype", result.dtype],
        ["files / bytes", `${result.files} / ${fmt(result.bytes, 0)}`],
        ["optimiser state", result.optimizer ? "yes" : "no"],
        ["DynamoDB tables", `${tables.mapping}, ${tables.model}`],
      ]]], makePalette()),
    );
  }
}

/** Builds the `export-model` command. */
export function makeExportModelCommand(): Command {
  return new Command("export-model")
    .description("Verify a trained model and export it as a bundle: manifest.json, item_factors.npy (NumPy .npy v1.0), mapping.json, optimizer/ and DynamoDB BatchWriteItem files.")
    .requiredOption("--from <path>", "a model bundle, or a `fedrec simulate --out` run directory (uses its model/ checkpoint)")
    .requiredOption("--out <bundle>", "output bundle directory (written atomically; an existing bundle is replaced)")
    .addOption(new Option("--dtype <dtype>", "dtype of item_factors.npy and the DynamoDB vectors: f4 (<f4) or f8 (<f8)").argParser(oneOf(["f4", "f8"] as const)).default("f4"))
    .addOption(new Option("--no-optimizer", "leave out optimizer/ (the float64 master model and Adam state needed to resume training)"))
    .addOption(new Option("--mapping-table <name>", "DynamoDB table name in the Mapping BatchWriteItem files (default: the source bundle's, fedrec-mapping)"))
    .addOption(new Option("--model-table <name>", "DynamoDB table name in the MasterModel BatchWriteItem files (default: the source bundle's, fedrec-master-model)"))
    .addOption(new Option("--json", "print one JSON object describing the export on stdout").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec simulate --users 200 --rounds 10 --out runs/a\n  fedrec export-model --from runs/a --out bundles/a\n  fedrec export-model --from bundles/a --out bundles/a64 --dtype f8\n")
    .action(action);
}
