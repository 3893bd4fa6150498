/**
 * A round worker thread: sleeps on the shared generation counter, then binds new arrays (received
 * synchronously on its port) or takes tasks of the current phase from the shared counter until none is left,
 * and reports done. Runs the same pure task code (core/fcf/round.ts) as the driver thread.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { makeRoundScratch, runTask, taskCount, type RoundArrays, type RoundScratch } from "../../core/fcf/round.js";
import { CMD, CMD_BIND, CMD_PHASE, CMD_STOP, DONE, FAILED, GEN, NEXT, PHASE, phaseAt, readScalars } from "./protocol.js";

interface WorkerInit {
  control: Int32Array;
  scalars: Float64Array;
  port: MessagePort;
}

const { control, scalars, port } = workerData as WorkerInit;
let arrays: RoundArrays | null = null;
let scratch: RoundScratch | null = null;
let seen = 0;
parentPort?.postMessage("ready");

for (;;) {
  Atomics.wait(control, GEN, seen);
  seen = Atomics.load(control, GEN);
  const cmd = Atomics.load(control, CMD);
  if (cmd === CMD_STOP) break;
  try {
    if (cmd === CMD_BIND) {
      const msg = receiveMessageOnPort(port);
      if (msg === undefined) throw new Error("bind command without arrays");
      arrays = msg.message as RoundArrays;
      scratch = makeRoundScratch(arrays.f);
    } else if (cmd === CMD_PHASE && arrays !== null && scratch !== null) {
      const phase = phaseAt(Atomics.load(control, PHASE));
      const s = readScalars(scalars);
      const n = taskCount(arrays, phase);
      for (let t = Atomics.add(control, NEXT, 1); t < n; t = Atomics.add(control, NEXT, 1)) {
        runTask(arrays, s, phase, t, scratch);
      }
    }
  } catch {
    Atomics.store(control, FAILED, 1);
  }
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
port.close();
