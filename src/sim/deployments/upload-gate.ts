/**
 * The federated master's admission check of POST /gradients, idempotent by round id: one upload per client
 * per (round, attempt). A repeat of an accepted upload (a client retrying after a lost answer) is ignored
 * and counted; an upload for a past round (late) or a round not yet open is rejected with 409; a
 * malformed one (unknown client, wrong length, non-finite value) with 400. Nothing rejected reaches the
 * aggregate. A client that crashed mid-upload never completes its request, so it simply is not in `pending`.
 */
import type { Broadcast, ClientReply } from "../../core/federation/types.js";
import type { ApiError } from "../transport/api.js";

/** Counters of the gate (summary.privacy.uploads). */
export interface UploadCounts {
  accepted: number;
  duplicates: number;
  late: number;
  rejected: number;
}

export class UploadGate {
  /** Accepted uploads of the open (round, attempt), by client. */
  readonly pending = new Map<number, ClientReply>();
  readonly counts: UploadCounts = { accepted: 0, duplicates: 0, late: 0, rejected: 0 };

  constructor(private readonly clients: number) {}

  /** Starts a new (round, attempt): earlier uploads no longer count. */
  open(): void {
    this.pending.clear();
  }

  /** Checks one upload against the open broadcast `b`; null = accepted (or an ignored duplicate). */
  admit(r: ClientReply, b: Broadcast | null): ApiError | null {
    if (!(Number.isInteger(r.clientId) && r.clientId >= 0 && r.clientId < this.clients)) {
      this.counts.rejected++;
      return { status: 400, code: "unknown_client", message: `field 'clientId': expected a client id in 0..${this.clients - 1}, got ${r.clientId}` };
    }
    if (b === null || r.round !== b.round || r.attempt !== b.attempt) {
      const past = b !== null && (r.round < b.round || (r.round === b.round && r.attempt < b.attempt));
      if (past) this.counts.late++;
      else this.counts.rejected++;
      return { status: 409, code: past ? "late_upload" : "stale_round", message: `reply to round ${r.round}.${r.attempt}, the open round is ${b?.round}.${b?.attempt}` };
    }
    if (r.update.length !== b.nItems * b.f) {
      this.counts.rejected++;
      return { status: 400, code: "bad_shape", message: `update has ${r.update.length} values, expected ${b.nItems * b.f}` };
    }
    for (let i = 0; i < r.update.length; i++) {
      if (!Number.isFinite(r.update[i])) {
        this.counts.rejected++;
        return { status: 400, code: "bad_value", message: `update[${i}] is ${r.update[i]}, expected a finite number` };
      }
    }
    if (!(Number.isFinite(r.count) && r.count > 0)) {
      this.counts.rejected++;
      return { status: 400, code: "bad_value", message: `field 'count' must be a positive number, got ${r.count}` };
    }
    if (this.pending.has(r.clientId)) {
      this.counts.duplicates++;
      return null;
    }
    this.pending.set(r.clientId, r);
    this.counts.accepted++;
    return null;
  }
}
