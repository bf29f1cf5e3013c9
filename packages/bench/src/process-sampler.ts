/**
 * CPU and memory of the processes under test, sampled from Linux's /proc: CPU time from
 * /proc/PID/stat (utime + stime, in clock ticks), resident memory from VmRSS in
 * /proc/PID/status. A window reports each process's CPU over the window as a percentage of one
 * core (200 % is both cores of a 2-core machine) and the largest RSS any sample saw.
 *
 * Sampling reads the counters a few times a second; CPU is exact over the window (the kernel
 * counts it), RSS is the peak among samples, so a spike between two samples can be missed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

/**
 * Parses /proc/PID/stat. The second field is the command name in parentheses and may itself hold
 * spaces and parentheses, so the fields are counted from the last ")".
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(")");
  if (close < 0) throw new Error(`not a /proc/PID/stat line: ${text.slice(0, 80)}`);
  const pid = Number(text.slice(0, text.indexOf(" ")));
  // After ")": state(3) ppid(4) … utime(14) stime(15); index 0 here is field 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![pid, ppid, utime, stime].every(Number.isFinite)) {
    throw new Error(`unexpected /proc/PID/stat fields: ${text.slice(0, 120)}`);
  }
  return { pid, ppid, cpuTicks: utime + stime };
}

/** VmRSS of /proc/PID/status, in kB; 0 when absent (a zombie has none). */
export function parseVmRssKb(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** Clock ticks per second (USER_HZ): 100 on practically every Linux. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Every live process whose parent is `pid` (e.g. PostgreSQL's backends under the postmaster). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8")).ppid === pid) {
        children.push(Number(name));
      }
    } catch {
      // The process ended between listing and reading.
    }
  }
  return children;
}

interface Reading {
  readonly atMs: number;
  readonly cpuTicks: number;
  readonly rssKb: number;
}

function read(pid: number, nowMs: number): Reading | undefined {
  try {
    return {
      atMs: nowMs,
      cpuTicks: parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8")).cpuTicks,
      rssKb: parseVmRssKb(readFileSync(`/proc/${pid}/status`, "utf8")),
    };
  } catch {
    return undefined;
  }
}

/** A tracked unit: one process, or a process and its children counted together. */
export interface ProcessGroup {
  readonly name: string;
  /** The pids that make up the group now (re-read at every sample). */
  readonly pids: () => readonly number[];
}

export interface GroupUsage {
  readonly name: string;
  /** CPU over the window, % of one core. */
  readonly cpuPct: number;
  /** Largest RSS seen, summed over the group's processes, in MB. */
  readonly rssMbMax: number;
}

interface WindowState {
  readonly startMs: number;
  readonly start: Map<string, Map<number, number>>;
  readonly rssKbMax: Map<string, number>;
}

export class ProcessSampler {
  private timer: NodeJS.Timeout | undefined;
  private window: WindowState | undefined;
  private readonly ticksPerS = clockTicksPerSecond();

  constructor(
    private readonly groups: readonly ProcessGroup[],
    private readonly intervalMs = 250,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Starts a window (ending any open one) and samples until `end`. */
  begin(): void {
    const nowMs = this.nowMs();
    const start = new Map<string, Map<number, number>>();
    const rssKbMax = new Map<string, number>();
    for (const group of this.groups) {
      const ticks = new Map<number, number>();
      let rssKb = 0;
      for (const pid of group.pids()) {
        const reading = read(pid, nowMs);
        if (reading === undefined) continue;
        ticks.set(pid, reading.cpuTicks);
        rssKb += reading.rssKb;
      }
      start.set(group.name, ticks);
      rssKbMax.set(group.name, rssKb);
    }
    this.window = { startMs: nowMs, start, rssKbMax };
    clearInterval(this.timer);
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  private sample(): GroupUsage[] {
    const window = this.window;
    if (window === undefined) return [];
    const nowMs = this.nowMs();
    const elapsedS = Math.max(1e-9, (nowMs - window.startMs) / 1000);
    return this.groups.map((group) => {
      const startTicks = window.start.get(group.name)!;
      let ticks = 0;
      let rssKb = 0;
      for (const pid of group.pids()) {
        const reading = read(pid, nowMs);
        if (reading === undefined) continue;
        rssKb += reading.rssKb;
        // A process born during the window counts from zero: its whole CPU time is in it.
        ticks += reading.cpuTicks - (startTicks.get(pid) ?? 0);
      }
      const rssKbMax = Math.max(window.rssKbMax.get(group.name) ?? 0, rssKb);
      window.rssKbMax.set(group.name, rssKbMax);
      return {
        name: group.name,
        cpuPct: ((ticks / this.ticksPerS) * 100) / elapsedS,
        rssMbMax: rssKbMax / 1024,
      };
    });
  }

  /** Ends the window: each group's CPU over it and its peak RSS. */
  end(): GroupUsage[] {
    const usage = this.sample();
    clearInterval(this.timer);
    this.timer = undefined;
    this.window = undefined;
    return usage;
  }
}
