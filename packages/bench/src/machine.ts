/**
 * The machine a run measured, recorded with its results: the figures mean little without it,
 * and the load average says whether others were using the cores at the time.
 */
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  /** 1-minute load average when the run started and when it ended. */
  readonly loadAverageStart: number;
  readonly loadAverageEnd: number | null;
}

export function machineInfo(): Machine {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageStart: Math.round(loadavg()[0]! * 100) / 100,
    loadAverageEnd: null,
  };
}

export function withEndLoad(machine: Machine): Machine {
  return { ...machine, loadAverageEnd: Math.round(loadavg()[0]! * 100) / 100 };
}
