/**
 * Readers of /proc: a process's CPU time and resident memory, and the machine's CPU load.
 * CPU time (not wall-clock) is what the benchmark charges to a server, because the machine is
 * shared: wall-clock rates move with whatever else runs, CPU per delivered message much less.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, 100 nearly always). */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/**
 * utime + stime of a process, in clock ticks. Counts every thread of the process (the relay's
 * compactor worker thread included), not its children.
 */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident set size of a process, in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** Aggregate CPU counters of the machine (first line of /proc/stat), in clock ticks. */
export interface MachineCpu {
  readonly busy: number;
  readonly total: number;
}

/** Reads the machine-wide CPU counters; idle and iowait count as not busy. */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest times are already inside user).
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of the machine's CPUs that was busy between two readings, 0..1. */
export function busyShare(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** What the report says about the machine. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly memGiB: number;
  readonly kernel: string;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) cpuModel = match[1].trim();
  } catch {
    // keep os.cpus()'s answer
  }
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // not Linux
  }
  return {
    nproc: cpus().length,
    cpuModel,
    node: process.version,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel,
  };
}

/** CPU use over an interval, in cores (1 = one CPU busy the whole time). */
export interface CpuShare {
  readonly seconds: number;
  /** The watched processes together. */
  readonly watchedCores: number;
  /** Everything else on the machine: other people's work competing for the same CPUs. */
  readonly otherCores: number;
}

/** Measures the watched processes' CPU and the rest of the machine's between start and `stop`. */
export class CpuMeter {
  private readonly tick = clockTicksPerSecond();
  private readonly startedAt = performance.now();
  private readonly machine = machineCpu();
  private readonly ticks: number;

  constructor(private readonly pids: readonly number[]) {
    this.ticks = this.watchedTicks();
  }

  /** The shares since construction. */
  stop(): CpuShare {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineCpu();
    const watched = (this.watchedTicks() - this.ticks) / this.tick / seconds;
    const busy = (machine.busy - this.machine.busy) / this.tick / seconds;
    return { seconds, watchedCores: watched, otherCores: Math.max(0, busy - watched) };
  }

  private watchedTicks(): number {
    let sum = 0;
    for (const pid of this.pids) {
      try {
        sum += cpuTicks(pid);
      } catch {
        // the process ended: its time is lost to the sum, which only makes "other" larger
      }
    }
    return sum;
  }
}
