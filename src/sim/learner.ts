/**
 * The federated learner of a simulation: the devices, the master model and one FCF training step per
 * call. In-process, the master's sum of uploads is computed by the exact factored aggregate (or the dense
 * per-client uploads) over the devices' own feedback rows — a simulation shortcut of identical value
 * (DESIGN §2); what a device would send is modelled by the transports, not here.
 */
import { csrFromTriplets, type Csr } from "../core/sparse/csr.js";
import { fcfIteration, initFcf, solveClients, type FcfState } from "../core/fcf/train.js";
import { scoreUser } from "../core/fcf/recommend.js";
import { topK } from "../core/linalg/topk.js";
import { TopMScores } from "../core/groups/scores.js";
import type { Rng } from "../core/rng.js";
import type { ClientView } from "./client-view.js";
import { Device } from "./device.js";
import type { SimConfig } from "./config.js";

export class FederatedLearner {
  readonly devices: Device[];
  readonly state: FcfState;
  private readonly config: SimConfig;
  private readonly scoreBuf: Float64Array;
  private readonly idxBuf: Int32Array;
  private readonly valBuf: Float64Array;

  constructor(config: SimConfig, initRng: Rng) {
    this.config = config;
    const n = config.users;
    this.devices = Array.from({ length: n }, (_, u) => new Device(u));
    this.state = initFcf(n, n, config.fcf, initRng);
    this.scoreBuf = new Float64Array(n);
    const m = Math.min(config.candidates, n - 1);
    this.idxBuf = new Int32Array(Math.max(m, config.evalK));
    this.valBuf = new Float64Array(Math.max(m, config.evalK));
  }

  /** Delivers each view to its own device, and only to it. */
  deliver(views: readonly ClientView[]): void {
    for (const view of views) this.devices[view.userId].observe(view);
  }

  /** Assembles the devices' feedback rows into one CSR (users × partners), for the in-process aggregate. */
  feedbackMatrix(): Csr {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (const d of this.devices) {
      const { items, values } = d.feedbackRow(this.config.feedbackSource, this.config.feedbackScale);
      for (let k = 0; k < items.length; k++) {
        rows.push(d.userId);
        cols.push(items[k]);
        vals.push(values[k]);
      }
    }
    const n = this.config.users;
    return csrFromTriplets(n, n, rows, cols, vals);
  }

  /** Runs `steps` FCF iterations on all devices' data, then refreshes every x_u from the final Y. */
  train(steps: number): void {
    const R = this.feedbackMatrix();
    for (let s = 0; s < steps; s++) {
      fcfIteration(this.state, R, this.config.fcf, { clients: null, aggregate: this.config.aggregate });
    }
    // every device recomputes x_u from the final master model, as it would after GET /model
    solveClients(this.state, R, this.config.fcf, null);
  }

  /** Writes â_u· = x_uᵀY (u's predicted affinity for everyone) into `out`. */
  scoreUser(u: number, out: Float64Array): void {
    scoreUser(this.state.X, u, this.state.Y, this.state.nItems, this.state.f, out);
  }

  /**
   * Each device publishes its top-M recommended partners with their scores (its recommendation); the
   * grouping engine reads only these lists. Unlisted partners score at the device's lowest listed score.
   */
  publishScores(): TopMScores {
    const n = this.config.users;
    const m = Math.min(this.config.candidates, n - 1);
    const scores = new TopMScores(n, m);
    for (let u = 0; u < n; u++) {
      this.scoreUser(u, this.scoreBuf);
      const count = topK(this.scoreBuf, m, this.idxBuf, this.valBuf, (v) => v === u);
      scores.setUser(u, this.idxBuf.subarray(0, count), this.valBuf.subarray(0, count), count, count > 0 ? this.valBuf[count - 1] : 0);
    }
    return scores;
  }

  /** Every user's top-k recommendation list (excluding themselves), for exposure metrics. */
  recommendationLists(k: number): Int32Array[] {
    const lists: Int32Array[] = [];
    for (let u = 0; u < this.config.users; u++) {
      this.scoreUser(u, this.scoreBuf);
      const count = topK(this.scoreBuf, k, this.idxBuf, null, (v) => v === u);
      lists.push(this.idxBuf.slice(0, count));
    }
    return lists;
  }
}
