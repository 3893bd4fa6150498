/**
 * NumPy .npy format version 1.0 (NEP 1), reader and writer for 2-D little-endian float arrays in C order.
 * Layout: the magic "\x93NUMPY", major 1, minor 0, HEADER_LEN (uint16 LE), then HEADER_LEN bytes of an
 * ASCII Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (n, f), } padded with
 * spaces and ended by '\n' so that magic + 4 + HEADER_LEN is a multiple of 64 (NumPy's ARRAY_ALIGN),
 * then the raw row-major data. Files written here load with np.load(path, allow_pickle=False).
 */

/** Element type of an exported array: float32 ("f4", `<f4`) or float64 ("f8", `<f8`). */
export type NpyDtype = "f4" | "f8";

/** A decoded array: its values widened to float64, its shape and the stored dtype. */
export interface NpyArray {
  data: Float64Array;
  shape: number[];
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const PREAMBLE = MAGIC.length + 2 + 2; // magic, version, HEADER_LEN (v1.0)

function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * Encodes `data` (row-major, product(shape) values) as .npy v1.0 bytes with dtype `<f4` or `<f8`.
 * f4 rounds each value to the nearest float32 (Math.fround semantics). Throws on a shape mismatch.
 */
export function encodeNpy(data: Float64Array, shape: readonly number[], dtype: NpyDtype = "f4"): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`npy: invalid shape ${JSON.stringify(shape)}`);
  if (count !== data.length) throw new RangeError(`npy: shape ${shapeLiteral(shape)} holds ${count} values, got ${data.length}`);
  const dict = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const unpadded = PREAMBLE + dict.length + 1;
  const headerLen = dict.length + 1 + ((ALIGN - (unpadded % ALIGN)) % ALIGN);
  if (headerLen > 0xffff) throw new RangeError("npy: header too long for format 1.0");
  const itemSize = dtype === "f4" ? 4 : 8;
  const out = new Uint8Array(PREAMBLE + headerLen + count * itemSize);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, headerLen, true);
  const header = dict.padEnd(headerLen - 1, " ") + "\n";
  for (let i = 0; i < header.length; i++) out[PREAMBLE + i] = header.charCodeAt(i);
  let o = PREAMBLE + headerLen;
  if (dtype === "f4") for (let i = 0; i < count; i++, o += 4) view.setFloat32(o, data[i], true);
  else for (let i = 0; i < count; i++, o += 8) view.setFloat64(o, data[i], true);
  return out;
}

/** Parses the header dict of a .npy file; throws with what is wrong. */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr':\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order':\s*(True|False)/.exec(text);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (descr === null || fortran === null || shape === null) throw new Error(`npy: malformed header ${JSON.stringify(text.trim())}`);
  const dims = shape[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new Error(`npy: bad shape entry "${s}"`);
      return Number(s);
    });
  return { descr: descr[1], fortran: fortran[1] === "True", shape: dims };
}

/**
 * Decodes .npy v1.0 (or 2.0) bytes holding a little-endian `<f4` or `<f8` C-order array. Throws a
 * one-line error on a bad magic, unsupported dtype or order, or a length that does not match the shape.
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < PREAMBLE || !MAGIC.every((b, i) => bytes[i] === b)) throw new Error("npy: not a .npy file (bad magic)");
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2) {
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else throw new Error(`npy: unsupported format version ${major}.${bytes[7]}`);
  if (headerStart + headerLen > bytes.length) throw new Error("npy: truncated header");
  let text = "";
  for (let i = 0; i < headerLen; i++) text += String.fromCharCode(bytes[headerStart + i]);
  const h = parseHeader(text);
  if (h.fortran) throw new Error("npy: fortran_order arrays are not supported");
  let dtype: NpyDtype;
  if (h.descr === "<f4") dtype = "f4";
  else if (h.descr === "<f8") dtype = "f8";
  else throw new Error(`npy: unsupported dtype ${h.descr} (expected <f4 or <f8)`);
  const count = h.shape.reduce((a, b) => a * b, 1);
  const itemSize = dtype === "f4" ? 4 : 8;
  const start = headerStart + headerLen;
  if (bytes.length - start !== count * itemSize) {
    throw new Error(`npy: data is ${bytes.length - start} bytes, shape (${h.shape.join(", ")}) of ${h.descr} needs ${count * itemSize}`);
  }
  const data = new Float64Array(count);
  if (dtype === "f4") for (let i = 0, o = start; i < count; i++, o += 4) data[i] = view.getFloat32(o, true);
  else for (let i = 0, o = start; i < count; i++, o += 8) data[i] = view.getFloat64(o, true);
  return { data, shape: h.shape, dtype };
}
