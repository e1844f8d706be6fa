// `playback library status --queue redis://...`: the queue's waiting, active, done and failed jobs.
import { stringOption, UsageError, type Command } from '../command.js';

const USAGE = `Usage: playback library status --queue <redis://host:port> [--json]

Count the library's jobs on the queue: waiting, active (with their progress), done and failed
(with their errors).

  --queue <url>   the Redis server (redis://host:port[/db])
  --json          print {waiting, active, delayed, completed, failed, running[], failures[]}
`;

export const libraryStatus: Command = {
  name: 'library status',
  summary: 'show the queue: waiting, active, done and failed jobs',
  usage: USAGE,
  options: { queue: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    // BullMQ is loaded only here: every other command goes without it.
    const { queueStatus } = await import('../../library/queue.js');
    const url = stringOption(ctx, 'queue');
    if (!url) throw new UsageError('missing --queue <redis://host:port>');
    const s = await queueStatus(url);
    if (ctx.options.json) {
      ctx.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    ctx.stdout.write(`waiting ${s.waiting}  active ${s.active}  delayed ${s.delayed}  done ${s.completed}  failed ${s.failed}\n`);
    for (const r of s.running) {
      const p = r.progress as { phase?: string; done?: number; total?: number } | undefined;
      const what = p?.phase === 'video' && p.total ? `video ${p.done}/${p.total} frames` : (p?.phase ?? 'starting');
      ctx.stdout.write(`  active ${r.session}  ${r.title}  ${what}\n`);
    }
    for (const f of s.failures) ctx.stdout.write(`  failed ${f.session}: ${f.error}\n`);
    return 0;
  },
};
