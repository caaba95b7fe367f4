// The process table from /proc, for the benchmark's memory samples and the tests' idle checks.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * One entry per running process: its parent, process group, CPU time used so far (clock ticks,
 * user + system) and resident pages.
 * @returns {{ pid: number, ppid: number, pgrp: number, ticks: number, rssPages: number }[]}
 */
export function processTable() {
  const table = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    // From there: state ppid pgrp ... utime(11) stime(12) ... rss(21).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.push({
      pid: Number(name),
      ppid: Number(f[1]),
      pgrp: Number(f[2]),
      ticks: Number(f[11]) + Number(f[12]),
      rssPages: Number(f[21]),
    });
  }
  return table;
}
