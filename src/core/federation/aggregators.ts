/**
 * Aggregators: pure functions (state, replies) → {state, update, count, metrics}. `update` is the SUM of
 * the uploads (FCF's gradient is a sum over users; the strategy rescales by n/count), `count` the summed
 * weights. Replies are summed in ascending clientId order, so arrival order never changes a bit.
 */
import { ringAddInPlace, ringDecode } from "../privacy/secagg.js";
import type { Aggregator, ClientReply } from "./types.js";

function sorted(replies: readonly ClientReply[]): ClientReply[] {
  const r = [...replies].sort((a, b) => a.clientId - b.clientId);
  for (let k = 1; k < r.length; k++) {
    if (r[k].clientId === r[k - 1].clientId) throw new Error(`two replies from client ${r[k].clientId}`);
  }
  if (r.length > 0) {
    const len = r[0].update.length;
    for (const x of r) if (x.update.length !== len) throw new Error(`client ${x.clientId} sent ${x.update.length} values, expected ${len}`);
  }
  return r;
}

/** Plain sum of the uploads (the master sees every upload in the clear). State: none. */
export const sumAggregator: Aggregator<null> = (state, replies) => {
  const r = sorted(replies);
  if (r.length === 0) return { state, update: null, count: 0, metrics: { replies: 0 } };
  const out = new Float64Array(r[0].update.length);
  let count = 0;
  for (const x of r) {
    const u = x.update;
    for (let i = 0; i < out.length; i++) out[i] += u[i];
    count += x.count;
  }
  return { state, update: out, count, metrics: { replies: r.length } };
};

/**
 * Secure sum: the replies are masked ring elements; their ring sum is the sum of the unmasked uploads
 * only when EVERY participant of the attempt replied (the masks cancel pairwise). State: the attempt's
 * participants. A missing participant ⇒ update null (the round fails; the loop retries with the survivors).
 */
export const secureAggregator: Aggregator<{ participants: Int32Array }> = (state, replies) => {
  const r = sorted(replies);
  const expected = Array.from(state.participants).sort((a, b) => a - b);
  const got = r.map((x) => x.clientId);
  const complete = got.length === expected.length && got.every((id, k) => id === expected[k]);
  if (!complete || r.length === 0) {
    return { state, update: null, count: 0, metrics: { replies: r.length, missing: expected.length - got.length } };
  }
  const acc = new Float64Array(r[0].update.length);
  let count = 0;
  for (const x of r) {
    ringAddInPlace(acc, x.update);
    count += x.count;
  }
  return { state, update: ringDecode(acc, acc), count, metrics: { replies: r.length, missing: 0 } };
};
