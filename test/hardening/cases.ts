/**
 * The bad-input corpus, as data: every case is a command line (with the files it reads), the exit code it
 * must end with, and a pattern the single message line must match (naming the file, line or field).
 * `untouched` lists output paths that must not exist afterwards (nothing half-written).
 * `$D` in an argument is the case's temporary directory; `$B` a valid model bundle made once for the suite.
 */

/** One bad command-line input. */
export interface CliCase {
  name: string;
  args: string[];
  files?: Record<string, string | Uint8Array>;
  code: 1 | 2;
  message: RegExp;
  untouched?: string[];
}

const utf16 = (s: string): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]));
const binary = new Uint8Array(Array.from({ length: 600 }, (_, i) => (i * 97 + 13) % 256));
const train = (file: string, ...more: string[]) => ["train", "--data", `$D/${file}`, "--algorithm", "als", "--rounds", "1", "--out", "$D/model", ...more];
const OUT = ["model"];

/** Data files: malformed rows, encodings, empty files, ids. */
const dataCases: CliCase[] = [
  { name: "interactions: text where the weight goes", args: train("a.csv"), files: { "a.csv": "1,2,1\n3,4,abc\n" }, code: 1, message: /a\.csv:2: expected .*"3 \| 4 \| abc"/, untouched: OUT },
  { name: "interactions: one field only", args: train("a.csv"), files: { "a.csv": "1,2\n3\n" }, code: 1, message: /a\.csv:2: expected/, untouched: OUT },
  { name: "interactions: NaN weight", args: train("a.csv"), files: { "a.csv": "1,2,1\n1,3,NaN\n" }, code: 1, message: /a\.csv:2: expected/, untouched: OUT },
  { name: "interactions: Infinity weight", args: train("a.csv"), files: { "a.csv": "1,2,1\n1,3,Infinity\n" }, code: 1, message: /a\.csv:2: expected/, untouched: OUT },
  { name: "interactions: too many fields", args: train("a.csv"), files: { "a.csv": "1,2,1,5\n1,2,1,5,9\n" }, code: 1, message: /a\.csv:2: expected/, untouched: OUT },
  { name: "interactions: unterminated quote", args: train("a.csv"), files: { "a.csv": "1,2,1\n\"3,4,1\n" }, code: 1, message: /a\.csv(:\d+)?: /, untouched: OUT },
  { name: "interactions: empty file", args: train("a.csv"), files: { "a.csv": "" }, code: 1, message: /a\.csv: (empty file|no interactions read)/, untouched: OUT },
  { name: "interactions: header only", args: train("a.csv"), files: { "a.csv": "src,dst,weight\n" }, code: 1, message: /a\.csv: no interactions read/, untouched: OUT },
  { name: "interactions: blank lines only", args: train("a.csv"), files: { "a.csv": "\n\n\n" }, code: 1, message: /a\.csv: (empty file|no interactions read)/, untouched: OUT },
  { name: "interactions: UTF-16 text", args: train("a.csv"), files: { "a.csv": utf16("1,2,1\n3,4,1\n") }, code: 1, message: /a\.csv: .*UTF-16/, untouched: OUT },
  { name: "interactions: binary file", args: train("a.bin"), files: { "a.bin": binary }, code: 1, message: /a\.bin: .*(binary|not text)/, untouched: OUT },
  { name: "interactions: a directory", args: train("dir"), files: { "dir/x": "1,2\n" }, code: 1, message: /dir: .*directory/, untouched: OUT },
  { name: "interactions: no such file", args: train("missing.csv"), code: 1, message: /missing\.csv: no such file/, untouched: OUT },
  { name: "interactions: id of 200 characters", args: train("a.csv"), files: { "a.csv": `1,2\n${"9".repeat(200)},2\n` }, code: 1, message: /a\.csv:2: id longer than 128/, untouched: OUT },
  { name: "movielens: text rating", args: train("u.data", "--format", "movielens"), files: { "u.data": "1\t2\t5\t881250949\n1\t3\tfive\t881250949\n" }, code: 1, message: /u\.data:2: expected/, untouched: OUT },
  { name: "movielens: commas instead of tabs", args: train("u.data", "--format", "movielens"), files: { "u.data": "1,2,5,881250949\n" }, code: 1, message: /u\.data:1: expected/, untouched: OUT },
  { name: "movielens: negative id", args: train("u.data", "--format", "movielens"), files: { "u.data": "1\t2\t5\t1\n-1\t3\t4\t1\n" }, code: 1, message: /u\.data:2: ids must be non-negative integers/, untouched: OUT },
  { name: "movielens-dat: tab separated", args: train("r.dat", "--format", "movielens-dat"), files: { "r.dat": "1\t2\t5\t1\n" }, code: 1, message: /r\.dat:1: expected/, untouched: OUT },
  { name: "sociopatterns: two fields", args: train("t.dat", "--format", "sociopatterns"), files: { "t.dat": "20 1 2\n40 1\n" }, code: 1, message: /t\.dat:2: expected/, untouched: OUT },
  { name: "sociopatterns: text time", args: train("t.dat", "--format", "sociopatterns"), files: { "t.dat": "noon 1 2\n" }, code: 1, message: /t\.dat:1: expected/, untouched: OUT },
];

/** `fedrec group` and `--blocked` input files. */
const groupCases: CliCase[] = [
  { name: "group: affinity row without weight", args: ["group", "--affinities", "$D/a.csv", "--group-size", "2", "--out", "$D/g.csv"], files: { "a.csv": "a,b,1\nb,c\n" }, code: 1, message: /a\.csv:2/, untouched: ["g.csv"] },
  { name: "group: affinity weight NaN", args: ["group", "--affinities", "$D/a.csv", "--group-size", "2", "--out", "$D/g.csv"], files: { "a.csv": "a,b,1\nb,c,NaN\n" }, code: 1, message: /a\.csv:2/, untouched: ["g.csv"] },
  { name: "group: empty affinity file", args: ["group", "--affinities", "$D/a.csv", "--group-size", "2", "--out", "$D/g.csv"], files: { "a.csv": "" }, code: 1, message: /a\.csv: empty file/, untouched: ["g.csv"] },
  { name: "group: UTF-16 affinity file", args: ["group", "--affinities", "$D/a.csv", "--group-size", "2", "--out", "$D/g.csv"], files: { "a.csv": utf16("a,b,1\nb,c,1\n") }, code: 1, message: /a\.csv: .*UTF-16/, untouched: ["g.csv"] },
  { name: "group: matrix not square", args: ["group", "--matrix", "$D/m.txt", "--group-size", "2", "--out", "$D/g.csv"], files: { "m.txt": "0 1 2\n1 0 2\n" }, code: 1, message: /m\.txt/, untouched: ["g.csv"] },
  { name: "group: matrix with text", args: ["group", "--matrix", "$D/m.txt", "--group-size", "2", "--out", "$D/g.csv"], files: { "m.txt": "0 1\nx 0\n" }, code: 1, message: /m\.txt: row 2, column 1/, untouched: ["g.csv"] },
  { name: "group: history round not a number", args: ["group", "--affinities", "$D/a.csv", "--history", "$D/h.csv", "--group-size", "2", "--out", "$D/g.csv"], files: { "a.csv": "a,b,1\nc,d,1\n", "h.csv": "1,0,a\nfirst,0,b\n" }, code: 1, message: /h\.csv:2/, untouched: ["g.csv"] },
  { name: "group: no affinities or matrix", args: ["group", "--group-size", "2"], code: 2, message: /--affinities|--matrix/ },
  { name: "group: both --group-size and --groups", args: ["group", "--affinities", "$D/a.csv", "--group-size", "2", "--groups", "2"], files: { "a.csv": "a,b,1\n" }, code: 2, message: /--group-size|--groups/ },
  { name: "simulate: --blocked id beyond --users", args: ["simulate", "--users", "10", "--rounds", "1", "--blocked", "$D/b.csv", "--out", "$D/run"], files: { "b.csv": "1,2\n3,99999999999\n" }, code: 2, message: /--blocked.*b\.csv:2/, untouched: ["run"] },
  { name: "simulate: --blocked file missing", args: ["simulate", "--users", "10", "--rounds", "1", "--blocked", "$D/nope.csv", "--out", "$D/run"], code: 2, message: /--blocked.*nope\.csv/, untouched: ["run"] },
];

/** Invalid options of every command (usage errors, exit 2). */
const optionCases: CliCase[] = [
  { name: "simulate --users 1", args: ["simulate", "--users", "1"], code: 2, message: /--users.*≥ 2/ },
  { name: "simulate --users abc", args: ["simulate", "--users", "abc"], code: 2, message: /--users.*"abc"/ },
  { name: "simulate --users with 21 digits", args: ["simulate", "--users", "999999999999999999999"], code: 2, message: /--users/ },
  { name: "simulate --users above the supported size", args: ["simulate", "--users", "2000000000"], code: 2, message: /--users/ },
  { name: "simulate --group-size > --users", args: ["simulate", "--users", "5", "--group-size", "10"], code: 2, message: /--group-size/ },
  { name: "simulate --policy unknown", args: ["simulate", "--policy", "best"], code: 2, message: /--policy.*"best"/ },
  { name: "simulate --dropout 1", args: ["simulate", "--dropout", "1"], code: 2, message: /--dropout/ },
  { name: "simulate --clients-per-round 0", args: ["simulate", "--clients-per-round", "0"], code: 2, message: /--clients-per-round/ },
  { name: "simulate --lr -1", args: ["simulate", "--lr", "-1"], code: 2, message: /--lr/ },
  { name: "simulate --lambda NaN", args: ["simulate", "--lambda", "NaN"], code: 2, message: /--lambda/ },
  { name: "simulate --secure-agg with online deployment", args: ["simulate", "--deployment", "online", "--secure-agg"], code: 2, message: /--secure-agg/ },
  { name: "simulate --dp-clip without --dp-noise", args: ["simulate", "--dp-clip", "1"], code: 2, message: /--dp-clip/ },
  { name: "simulate: two explorations", args: ["simulate", "--epsilon", "0.1", "--temperature", "1"], code: 2, message: /--epsilon.*--temperature/ },
  { name: "simulate: unknown option", args: ["simulate", "--userz", "10"], code: 2, message: /unknown option '--userz'/ },
  { name: "simulate: several bad fields at once", args: ["simulate", "--users", "5", "--group-size", "10", "--deployment", "online", "--attack"], code: 2, message: /--group-size.*--attack/ },
  { name: "simulate --resume without a checkpoint", args: ["simulate", "--resume", "$D/none"], code: 2, message: /--resume.*none/ },
  { name: "simulate --checkpoint-every without --checkpoint-dir", args: ["simulate", "--checkpoint-every", "2"], code: 2, message: /--checkpoint-dir/ },
  { name: "simulate --malicious-fraction 1", args: ["simulate", "--malicious-fraction", "1"], code: 2, message: /--malicious-fraction/ },
  { name: "simulate --attack-kind unknown", args: ["simulate", "--malicious-fraction", "0.1", "--attack-kind", "melt"], code: 2, message: /--attack-kind.*"melt"/ },
  { name: "simulate --attack-kind promote without id", args: ["simulate", "--malicious-fraction", "0.1", "--attack-kind", "promote:"], code: 2, message: /--attack-kind/ },
  { name: "simulate --attack-kind promote id beyond --users", args: ["simulate", "--users", "10", "--malicious-fraction", "0.1", "--attack-kind", "promote:99"], code: 2, message: /--attack-kind.*99/ },
  { name: "simulate --robust-agg unknown", args: ["simulate", "--robust-agg", "krum"], code: 2, message: /--robust-agg.*"krum"/ },
  { name: "simulate --trim 0.5", args: ["simulate", "--robust-agg", "trimmed-mean", "--trim", "0.5"], code: 2, message: /--trim/ },
  { name: "train without --data", args: ["train"], code: 2, message: /--data/ },
  { name: "train --format unknown", args: ["train", "--data", "x", "--format", "parquet"], code: 2, message: /--format.*"parquet"/ },
  { name: "train --test-fraction 1", args: ["train", "--data", "x", "--test-fraction", "1"], code: 2, message: /--test-fraction/ },
  { name: "train --clients-fraction 2", args: ["train", "--data", "x", "--clients-fraction", "2"], code: 2, message: /--clients-fraction/ },
  { name: "evaluate --k 0", args: ["evaluate", "--data", "x", "--k", "0"], code: 2, message: /--k/ },
  { name: "export-model without --from", args: ["export-model", "--out", "$D/b"], code: 2, message: /--from/, untouched: ["b"] },
  { name: "export-model --dtype f2", args: ["export-model", "--from", "$B", "--out", "$D/b", "--dtype", "f2"], code: 2, message: /--dtype.*"f2"/, untouched: ["b"] },
  { name: "serve --port 70000", args: ["serve", "--model", "$B", "--port", "70000"], code: 2, message: /--port.*65535/ },
  { name: "serve --max-body 0", args: ["serve", "--model", "$B", "--max-body", "0"], code: 2, message: /--max-body/ },
  { name: "bench --sizes 10q", args: ["bench", "--sizes", "10q"], code: 2, message: /--sizes.*"10q"/ },
  { name: "bench --threads 0", args: ["bench", "--threads", "0"], code: 2, message: /--threads/ },
  { name: "experiment --seeds 0", args: ["experiment", "experiments/fcf-vs-cf.json", "--seeds", "0"], code: 2, message: /--seeds/ },
  { name: "unknown command", args: ["simulat"], code: 2, message: /unknown command 'simulat'/ },
];

const validExperiment = {
  name: "x", version: 1, kind: "fcf-vs-cf",
  data: { file: "ml-100k/u.data", format: "movielens", minWeight: 4, value: "binary" },
  split: { kind: "random", testFraction: 0.2 }, seeds: ["1"], k: 10,
  hyper: { factors: 4, alpha: 2, lambda: 0.1, lr: 0.05 },
  models: [{ label: "ALS", algorithm: "als" }], reference: "ALS", curve: { every: 10 },
};
const exp = (cfg: unknown) => ({ "e.json": typeof cfg === "string" ? cfg : JSON.stringify(cfg) });
const runExp = ["experiment", "$D/e.json", "--out", "$D/res", "--data-root", "$D"];

/** Experiment configs. */
const experimentCases: CliCase[] = [
  { name: "experiment: no such config", args: ["experiment", "$D/none.json"], code: 2, message: /none\.json: no such file/ },
  { name: "experiment: not JSON", args: runExp, files: exp("{ name: x"), code: 2, message: /e\.json: not JSON/, untouched: ["res"] },
  { name: "experiment: empty file", args: runExp, files: exp(""), code: 2, message: /e\.json: not JSON/, untouched: ["res"] },
  { name: "experiment: UTF-16 config", args: runExp, files: { "e.json": utf16(JSON.stringify(validExperiment)) }, code: 2, message: /e\.json: .*UTF-16/, untouched: ["res"] },
  { name: "experiment: unknown field", args: runExp, files: exp({ ...validExperiment, sedes: ["1"] }), code: 2, message: /e\.json: .*sedes/, untouched: ["res"] },
  { name: "experiment: wrong type", args: runExp, files: exp({ ...validExperiment, seeds: 5 }), code: 2, message: /e\.json: seeds: /, untouched: ["res"] },
  { name: "experiment: unknown kind", args: runExp, files: exp({ ...validExperiment, kind: "magic" }), code: 2, message: /e\.json: kind: /, untouched: ["res"] },
  { name: "experiment: every bad field listed", args: runExp, files: exp({ ...validExperiment, k: 0, hyper: { ...validExperiment.hyper, lambda: -1 } }), code: 2, message: /e\.json: .*k: .*hyper\.lambda: /, untouched: ["res"] },
  { name: "experiment: a JSON array", args: runExp, files: exp("[1,2]"), code: 2, message: /e\.json: \(root\)/, untouched: ["res"] },
  { name: "experiment: reference not among models", args: runExp, files: exp({ ...validExperiment, reference: "FCF" }), code: 2, message: /e\.json: reference: /, untouched: ["res"] },
];

/** Corrupt model bundles (for export-model; serve reads them the same way) and saved models. */
const bundleCases: CliCase[] = [
  { name: "bundle: no manifest", args: ["export-model", "--from", "$D/empty", "--out", "$D/b"], files: { "empty/x.txt": "x" }, code: 1, message: /empty: neither a model bundle/, untouched: ["b"] },
  { name: "bundle: manifest not JSON", args: ["export-model", "--from", "$D/c", "--out", "$D/b"], files: { "c/manifest.json": "{" }, code: 1, message: /manifest\.json is not valid JSON/, untouched: ["b"] },
  { name: "bundle: unsupported format", args: ["export-model", "--from", "$D/c", "--out", "$D/b"], files: { "c/manifest.json": JSON.stringify({ format: "fedrec-bundle/9" }) }, code: 1, message: /format "fedrec-bundle\/9" is not supported/, untouched: ["b"] },
  { name: "bundle: --from missing", args: ["export-model", "--from", "$D/nothing", "--out", "$D/b"], code: 1, message: /nothing/, untouched: ["b"] },
  { name: "evaluate --model: manifest not JSON (message folded to one line)", args: ["evaluate", "--model", "$D/m"], files: { "m/manifest.json": "nope\n" }, code: 1, message: /m: manifest\.json is not valid JSON/ },
  { name: "evaluate --model: not a bundle", args: ["evaluate", "--model", "$D/m"], files: { "m/X.f64": "" }, code: 1, message: /m: no manifest\.json/ },
];

/** Every CLI case of the corpus. */
export const CLI_CASES: readonly CliCase[] = [...dataCases, ...groupCases, ...optionCases, ...experimentCases, ...bundleCases];

/** Corruptions of a valid bundle's files: name, file, how to damage it, and the expected message. */
export interface BundleCorruption {
  name: string;
  file: string;
  damage: (bytes: Uint8Array) => Uint8Array;
  message: RegExp;
}

export const BUNDLE_CORRUPTIONS: readonly BundleCorruption[] = [
  { name: "one flipped byte in item_factors.npy", file: "item_factors.npy", damage: (b) => { const c = b.slice(); c[c.length - 1] ^= 1; return c; }, message: /checksum mismatch for item_factors\.npy/ },
  { name: "truncated item_factors.npy", file: "item_factors.npy", damage: (b) => b.slice(0, b.length >> 1), message: /checksum mismatch for item_factors\.npy/ },
  { name: "mapping.json emptied", file: "mapping.json", damage: () => new Uint8Array(0), message: /checksum mismatch for mapping\.json/ },
  { name: "optimizer state truncated", file: "optimizer/adam_m.npy", damage: (b) => b.slice(0, 10), message: /checksum mismatch for optimizer\/adam_m\.npy/ },
  { name: "manifest n changed", file: "manifest.json", damage: (b) => { const m = JSON.parse(Buffer.from(b).toString("utf8")); m.n = m.n + 1; return new Uint8Array(Buffer.from(JSON.stringify(m))); }, message: /item_factors\.npy is \(|mapping\.json|n, f/ },
  { name: "manifest files table removed", file: "manifest.json", damage: (b) => { const m = JSON.parse(Buffer.from(b).toString("utf8")); delete m.files; return new Uint8Array(Buffer.from(JSON.stringify(m))); }, message: /no files table/ },
];
