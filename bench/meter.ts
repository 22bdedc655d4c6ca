// Measurement helpers shared by the benchmark's child processes (bench/worker-process.ts,
// bench/raw-process.ts) and its driver (bench/run.ts): peak RSS, CPU time, MongoDB command timings,
// and the CPU time of other processes (the peers) read from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

const MB = 1024 * 1024;

export interface CommandStat {
  /** `<command> <collection>`, e.g. `find discovery_staging`. */
  key: string;
  count: number;
  ms: number;
}

/** What a child process reports about itself. */
export interface ProcStats {
  /** Highest RSS sampled (every 100 ms) since the last reset. */
  peakRssMB: number;
  /** Peak RSS of the process's whole life (getrusage ru_maxrss). */
  maxRssMB: number;
  rssMB: number;
  heapUsedMB: number;
  /** process.memoryUsage() (MB) when the sampled peak was reached: what the peak was made of. */
  atPeak: {
    heapTotalMB: number;
    heapUsedMB: number;
    externalMB: number;
    arrayBuffersMB: number;
    atS: number;
  };
  /** CPU time since the last reset. */
  cpuUserS: number;
  cpuSysS: number;
  commands: CommandStat[];
}

/** Samples the RSS every 100 ms and keeps the peak since the last reset; CPU time since the last reset. */
export class ProcessMeter {
  private peak = 0;
  private atPeak: NodeJS.MemoryUsage = process.memoryUsage();
  private peakAt = 0;
  private since = performance.now();
  private cpu = process.cpuUsage();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly commands?: CommandMeter) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  private sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peak) {
      this.peak = m.rss;
      this.atPeak = m;
      this.peakAt = performance.now();
    }
  }

  reset(): void {
    this.peak = 0;
    this.since = performance.now();
    this.sample();
    this.cpu = process.cpuUsage();
    this.commands?.reset();
  }

  snapshot(): ProcStats {
    this.sample();
    const cpu = process.cpuUsage(this.cpu);
    return {
      peakRssMB: this.peak / MB,
      // ru_maxrss is in kilobytes on Linux.
      maxRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
      rssMB: process.memoryUsage.rss() / MB,
      heapUsedMB: process.memoryUsage().heapUsed / MB,
      atPeak: {
        heapTotalMB: this.atPeak.heapTotal / MB,
        heapUsedMB: this.atPeak.heapUsed / MB,
        externalMB: this.atPeak.external / MB,
        arrayBuffersMB: this.atPeak.arrayBuffers / MB,
        atS: (this.peakAt - this.since) / 1000,
      },
      cpuUserS: cpu.user / 1e6,
      cpuSysS: cpu.system / 1e6,
      commands: this.commands?.stats() ?? [],
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Time spent per MongoDB command and collection, from the driver's command monitoring (the client
 * must be created with `monitorCommands=true`, see `withCommandMonitoring`).
 */
export class CommandMeter {
  private readonly pending = new Map<number, string>();
  private readonly byKey = new Map<string, CommandStat>();

  attach(client: MongoClient): void {
    client.on('commandStarted', (e: CommandStartedEvent) => this.pending.set(e.requestId, commandKey(e)));
    const done = (e: CommandSucceededEvent | CommandFailedEvent): void => {
      const key = this.pending.get(e.requestId) ?? e.commandName;
      this.pending.delete(e.requestId);
      const stat = this.byKey.get(key) ?? { key, count: 0, ms: 0 };
      stat.count += 1;
      stat.ms += e.duration;
      this.byKey.set(key, stat);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', (e: CommandFailedEvent) => done(e));
  }

  reset(): void {
    this.byKey.clear();
  }

  stats(): CommandStat[] {
    return [...this.byKey.values()].sort((a, b) => b.ms - a.ms);
  }
}

function commandKey(e: CommandStartedEvent): string {
  const target: unknown = e.command[e.commandName];
  const collection =
    e.commandName === 'getMore' ? String(e.command.collection) : typeof target === 'string' ? target : '';
  return collection ? `${e.commandName} ${collection}` : e.commandName;
}

/** The URI with `monitorCommands=true`, so that CommandMeter sees the commands of a client made from it. */
export function withCommandMonitoring(uri: string): string {
  const u = new URL(uri);
  u.searchParams.set('monitorCommands', 'true');
  return u.toString();
}

const CLOCK_TICKS = 100;

/**
 * CPU seconds (user + system) used so far by the processes of a process group (a peer leads its
 * own group: see test/harness/proc.ts). Linux only; 0 where /proc cannot be read.
 */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name "(...)": state ppid pgrp session tty tpgid flags minflt cminflt
    // majflt cmajflt utime stime ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS;
}
